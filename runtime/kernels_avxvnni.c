/* kernels_avxvnni.c - the integer dot with AVX-VNNI's 256-bit vpdpbusd
 * (compiled with -mavx2 -mavxvnni).  The rest of the avx2vnni path is the
 * avx2 path.  See kernels_avx512vnni.c for the zero-point algebra. */
#include "kernels.h"

#include <immintrin.h>

static inline __attribute__((always_inline)) uint32_t
dot_avxvnni(const uint8_t *a, int as, int32_t za, const uint8_t *b, int bs, int32_t zb, size_t n,
            size_t *done) {
  const __m256i flip = _mm256_set1_epi8((char)0x80), ones = _mm256_set1_epi8(1);
  __m256i sab = _mm256_setzero_si256(), sa = _mm256_setzero_si256(), sb = _mm256_setzero_si256();
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256i va = _mm256_loadu_si256((const __m256i *)(a + i));
    __m256i vb = _mm256_loadu_si256((const __m256i *)(b + i));
    if (as)
      va = _mm256_xor_si256(va, flip);
    if (!bs)
      vb = _mm256_xor_si256(vb, flip);
    sab = _mm256_dpbusd_avx_epi32(sab, va, vb);
    sa = _mm256_dpbusd_avx_epi32(sa, va, ones);
    sb = _mm256_dpbusd_avx_epi32(sb, ones, vb);
  }
  uint32_t l_ab[8], l_a[8], l_b[8], s_ab = 0, s_a = 0, s_b = 0;
  _mm256_storeu_si256((__m256i *)l_ab, sab);
  _mm256_storeu_si256((__m256i *)l_a, sa);
  _mm256_storeu_si256((__m256i *)l_b, sb);
  for (int j = 0; j < 8; j++)
    s_ab += l_ab[j], s_a += l_a[j], s_b += l_b[j];
  *done = i;
  return affq_dot_from_sums(s_ab, s_a, s_b, as ? za + 128 : za, bs ? zb : zb - 128, i);
}

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__avxvnni_u32, dot_avxvnni)
