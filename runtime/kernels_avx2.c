/* kernels_avx2.c - the AVX2 path (compiled with -mavx2). */
#define AFFQ_ISA avx2
#define AFFQ_ISA_NAME "avx2"
#define AFFQ_Q8Q8_DOT affq_q8_q8_dot__avx2_u32
#include "kernels_vec.inc"

#include <immintrin.h>

/* 16 codes -> 16 int16 minus z (see kernels_sse41.c for why int16 madd). */
static inline __attribute__((always_inline)) __m256i widen_avx2(const uint8_t *p, int is_signed,
                                                                __m256i z) {
  __m128i v = _mm_loadu_si128((const __m128i *)p);
  return _mm256_sub_epi16(is_signed ? _mm256_cvtepi8_epi16(v) : _mm256_cvtepu8_epi16(v), z);
}

static inline __attribute__((always_inline)) uint32_t
dot_avx2(const uint8_t *a, int as, int32_t za, const uint8_t *b, int bs, int32_t zb, size_t n,
         size_t *done) {
  __m256i vza = _mm256_set1_epi16((short)za), vzb = _mm256_set1_epi16((short)zb);
  __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(widen_avx2(a + i, as, vza), widen_avx2(b + i, bs, vzb)));
    acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(widen_avx2(a + i + 16, as, vza),
                                                    widen_avx2(b + i + 16, bs, vzb)));
  }
  uint32_t lane[8], sum = 0;
  _mm256_storeu_si256((__m256i *)lane, _mm256_add_epi32(acc0, acc1));
  for (int j = 0; j < 8; j++)
    sum += lane[j];
  *done = i;
  return sum;
}

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__avx2_u32, dot_avx2)
