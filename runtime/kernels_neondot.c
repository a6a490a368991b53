/* kernels_neondot.c - the integer dot with the Armv8.2 dot product
 * instruction sdot (the target("dotprod") pragma below).  sdot multiplies
 * signed by signed bytes: uint8 codes are moved to int8 by flipping the top
 * bit (-128), and their zero point with them; see kernels_avx512vnni.c. */
#include "kernels.h"

#include <arm_neon.h>

/* Everything below may use sdot; dispatch.c runs it only where
 * getauxval(AT_HWCAP) reports ASIMDDP. */
#pragma clang attribute push(__attribute__((target("dotprod"))), apply_to = function)

static inline __attribute__((always_inline)) uint32_t
dot_neondot(const uint8_t *a, int as, int32_t za, const uint8_t *b, int bs, int32_t zb, size_t n,
            size_t *done) {
  const int8x16_t ones = vdupq_n_s8(1);
  const uint8x16_t flip = vdupq_n_u8(0x80);
  int32x4_t sab = vdupq_n_s32(0), sa = vdupq_n_s32(0), sb = vdupq_n_s32(0);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    uint8x16_t ua = vld1q_u8(a + i), ub = vld1q_u8(b + i);
    int8x16_t va = vreinterpretq_s8_u8(as ? ua : veorq_u8(ua, flip));
    int8x16_t vb = vreinterpretq_s8_u8(bs ? ub : veorq_u8(ub, flip));
    sab = vdotq_s32(sab, va, vb);
    sa = vdotq_s32(sa, va, ones);
    sb = vdotq_s32(sb, ones, vb);
  }
  *done = i;
  uint32_t s_ab = (uint32_t)vaddvq_u32(vreinterpretq_u32_s32(sab));
  uint32_t s_a = (uint32_t)vaddvq_u32(vreinterpretq_u32_s32(sa));
  uint32_t s_b = (uint32_t)vaddvq_u32(vreinterpretq_u32_s32(sb));
  return affq_dot_from_sums(s_ab, s_a, s_b, as ? za : za - 128, bs ? zb : zb - 128, i);
}

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__neondot_u16, dot_neondot)

#pragma clang attribute pop
