/* kernels_avx2.c - the AVX2 path (compiled with -mavx2). */
#define AFFQ_ISA avx2
#define AFFQ_ISA_NAME "avx2"
#define AFFQ_Q8Q8_DOT affq_q8_q8_dot__avx2_u32
#define AFFQ_DOT_ROWS 2 /* 16 ymm registers: two rows of 32 lanes per pass (kernels_vec.inc) */
#include "kernels_vec.inc"

#include <immintrin.h>

#include "x86_hsum.h"
#define lanes_sum affq_hsum_epi32_256

#define VEC __m256i
#define STEP 16
#define WIDEN_S(p) _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(p)))
#define WIDEN_U(p) _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(p)))
#define SET1_16 _mm256_set1_epi16
#define SUB16 _mm256_sub_epi16
#define MADD _mm256_madd_epi16
#define ADD32 _mm256_add_epi32
#define ZERO _mm256_setzero_si256
#define DOT dot_avx2
#include "dot_madd.inc"

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__avx2_u32, dot_avx2)
