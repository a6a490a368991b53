/*
 * vnni_peak.c - the machine's vpdpbusd peak, measured: twelve independent
 * accumulators on register data, so nothing but the dot unit limits it.
 * Compiled with -mavx512f -mavx512bw -mavx512vnni; run only where the CPU
 * has AVX512-VNNI.
 */
#include <immintrin.h>
#include <stdint.h>

/* Returns a value derived from the accumulators so the loop is not removed. */
int32_t vnni_peak_loop(long iterations) {
  __m512i a = _mm512_set1_epi8(3), b = _mm512_set1_epi8(-2), c[12];
  for (int k = 0; k < 12; k++)
    c[k] = _mm512_setzero_si512();
  for (long i = 0; i < iterations; i++) {
    for (int k = 0; k < 12; k++) /* fully unrolled: twelve chains in registers */
      c[k] = _mm512_dpbusd_epi32(c[k], a, b);
    __asm__ volatile("" : "+v"(a)); /* keep the operands opaque */
  }
  __m512i s = c[0];
  for (int k = 1; k < 12; k++)
    s = _mm512_add_epi32(s, c[k]);
  return _mm512_reduce_add_epi32(s);
}
/* MACs per loop iteration: 12 instructions x 64 byte products. */
const long vnni_peak_macs_per_iteration = 12 * 64;
