/* kernels_avx512vnni.c - the integer dot with AVX512-VNNI's vpdpbusd
 * (compiled with -mavx512f -mavx512bw -mavx512vnni).  The rest of the
 * avx512vnni path is the avx512 path. */
#include "kernels.h"

#include <immintrin.h>

/* vpdpbusd multiplies unsigned by signed bytes.  Flipping the top bit moves a
 * code by 128 (s8 -> u8: +128; u8 -> s8: -128); moving its zero point by the
 * same amount leaves every difference (code - z) unchanged.  The raw sums
 * then give sum (a - za)(b - zb) by affq_dot_from_sums. */
static inline __attribute__((always_inline)) uint32_t
dot_avx512vnni(const uint8_t *a, int as, int32_t za, const uint8_t *b, int bs, int32_t zb,
               size_t n, size_t *done) {
  const __m512i flip = _mm512_set1_epi8((char)0x80), ones = _mm512_set1_epi8(1);
  __m512i sab = _mm512_setzero_si512(), sa = _mm512_setzero_si512(), sb = _mm512_setzero_si512();
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    __m512i va = _mm512_loadu_si512(a + i), vb = _mm512_loadu_si512(b + i);
    if (as)
      va = _mm512_xor_si512(va, flip); /* s8 -> u8 */
    if (!bs)
      vb = _mm512_xor_si512(vb, flip); /* u8 -> s8 */
    sab = _mm512_dpbusd_epi32(sab, va, vb);
    sa = _mm512_dpbusd_epi32(sa, va, ones);
    sb = _mm512_dpbusd_epi32(sb, ones, vb);
  }
  uint32_t l_ab[16], l_a[16], l_b[16], s_ab = 0, s_a = 0, s_b = 0;
  _mm512_storeu_si512(l_ab, sab);
  _mm512_storeu_si512(l_a, sa);
  _mm512_storeu_si512(l_b, sb);
  for (int j = 0; j < 16; j++)
    s_ab += l_ab[j], s_a += l_a[j], s_b += l_b[j];
  *done = i;
  return affq_dot_from_sums(s_ab, s_a, s_b, as ? za + 128 : za, bs ? zb : zb - 128, i);
}

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__avx512vnni_u64, dot_avx512vnni)
