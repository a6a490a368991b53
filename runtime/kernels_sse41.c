/* kernels_sse41.c - the SSE4.1 path (compiled with -msse4.1). */
#define AFFQ_ISA sse41
#define AFFQ_ISA_NAME "sse4"
#define AFFQ_Q8Q8_DOT affq_q8_q8_dot__sse41_u16
#include "kernels_vec.inc"

#include <immintrin.h>

/* Widen 16 codes to two vectors of 8 int16 minus the zero point: the
 * differences lie in [-255, 255], so pmaddwd's pair sums (at most
 * 2 * 255 * 255) cannot overflow, unlike pmaddubsw's int16 saturation or its
 * sign trick, which both break on -128. */
static inline __attribute__((always_inline)) void widen_sse41(__m128i v, int is_signed, __m128i z,
                                                              __m128i *lo, __m128i *hi) {
  __m128i h = _mm_srli_si128(v, 8);
  *lo = _mm_sub_epi16(is_signed ? _mm_cvtepi8_epi16(v) : _mm_cvtepu8_epi16(v), z);
  *hi = _mm_sub_epi16(is_signed ? _mm_cvtepi8_epi16(h) : _mm_cvtepu8_epi16(h), z);
}

static inline __attribute__((always_inline)) uint32_t
dot_sse41(const uint8_t *a, int as, int32_t za, const uint8_t *b, int bs, int32_t zb, size_t n,
          size_t *done) {
  __m128i vza = _mm_set1_epi16((short)za), vzb = _mm_set1_epi16((short)zb);
  __m128i acc = _mm_setzero_si128();
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m128i alo, ahi, blo, bhi;
    widen_sse41(_mm_loadu_si128((const __m128i *)(a + i)), as, vza, &alo, &ahi);
    widen_sse41(_mm_loadu_si128((const __m128i *)(b + i)), bs, vzb, &blo, &bhi);
    acc = _mm_add_epi32(acc, _mm_madd_epi16(alo, blo));
    acc = _mm_add_epi32(acc, _mm_madd_epi16(ahi, bhi));
  }
  uint32_t lane[4];
  _mm_storeu_si128((__m128i *)lane, acc);
  *done = i;
  return lane[0] + lane[1] + lane[2] + lane[3];
}

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__sse41_u16, dot_sse41)
