/* kernels_avx512.c - the AVX-512BW path (compiled with -mavx512f -mavx512bw
 * -mavx512vl). */
#define AFFQ_ISA avx512
#define AFFQ_ISA_NAME "avx512"
#define AFFQ_Q8Q8_DOT affq_q8_q8_dot__avx512_u64
#include "kernels_vec.inc"

#include <immintrin.h>

/* modulo 2^32: LLVM's vector add reduction wraps */
static inline uint32_t lanes_sum(__m512i v) { return (uint32_t)_mm512_reduce_add_epi32(v); }

#define VEC __m512i
#define STEP 32
#define WIDEN_S(p) _mm512_cvtepi8_epi16(_mm256_loadu_si256((const __m256i *)(p)))
#define WIDEN_U(p) _mm512_cvtepu8_epi16(_mm256_loadu_si256((const __m256i *)(p)))
#define SET1_16 _mm512_set1_epi16
#define SUB16 _mm512_sub_epi16
#define MADD _mm512_madd_epi16
#define ADD32 _mm512_add_epi32
#define ZERO _mm512_setzero_si512
#define DOT dot_avx512
#include "dot_madd.inc"

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__avx512_u64, dot_avx512)
