/* kernels_avx512.c - the AVX-512BW path (compiled with -mavx512f -mavx512bw
 * -mavx512vl). */
#define AFFQ_ISA avx512
#define AFFQ_ISA_NAME "avx512"
#define AFFQ_Q8Q8_DOT affq_q8_q8_dot__avx512_u64
#include "kernels_vec.inc"

#include <immintrin.h>

/* 32 codes -> 32 int16 minus z (see kernels_sse41.c for why int16 madd). */
static inline __attribute__((always_inline)) __m512i widen_avx512(const uint8_t *p, int is_signed,
                                                                  __m512i z) {
  __m256i v = _mm256_loadu_si256((const __m256i *)p);
  return _mm512_sub_epi16(is_signed ? _mm512_cvtepi8_epi16(v) : _mm512_cvtepu8_epi16(v), z);
}

static inline __attribute__((always_inline)) uint32_t
dot_avx512(const uint8_t *a, int as, int32_t za, const uint8_t *b, int bs, int32_t zb, size_t n,
           size_t *done) {
  __m512i vza = _mm512_set1_epi16((short)za), vzb = _mm512_set1_epi16((short)zb);
  __m512i acc0 = _mm512_setzero_si512(), acc1 = _mm512_setzero_si512();
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    acc0 = _mm512_add_epi32(acc0, _mm512_madd_epi16(widen_avx512(a + i, as, vza),
                                                    widen_avx512(b + i, bs, vzb)));
    acc1 = _mm512_add_epi32(acc1, _mm512_madd_epi16(widen_avx512(a + i + 32, as, vza),
                                                    widen_avx512(b + i + 32, bs, vzb)));
  }
  uint32_t lane[16], sum = 0;
  _mm512_storeu_si512(lane, _mm512_add_epi32(acc0, acc1));
  for (int j = 0; j < 16; j++)
    sum += lane[j];
  *done = i;
  return sum;
}

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__avx512_u64, dot_avx512)
