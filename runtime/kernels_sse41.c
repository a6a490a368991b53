/* kernels_sse41.c - the SSE4.1 path (compiled with -msse4.1). */
#define AFFQ_ISA sse41
#define AFFQ_ISA_NAME "sse4"
#define AFFQ_Q8Q8_DOT affq_q8_q8_dot__sse41_u16
#include "kernels_vec.inc"

#include <immintrin.h>

#include "x86_hsum.h"
#define lanes_sum affq_hsum_epi32_128

#define VEC __m128i
#define STEP 8
#define WIDEN_S(p) _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i *)(p)))
#define WIDEN_U(p) _mm_cvtepu8_epi16(_mm_loadl_epi64((const __m128i *)(p)))
#define SET1_16 _mm_set1_epi16
#define SUB16 _mm_sub_epi16
#define MADD _mm_madd_epi16
#define ADD32 _mm_add_epi32
#define ZERO _mm_setzero_si128
#define DOT dot_sse41
#include "dot_madd.inc"

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__sse41_u16, dot_sse41)
