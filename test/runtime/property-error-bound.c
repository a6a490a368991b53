// Property: for every x in [min, max], the dequantized value x' of x's code
// lies within half a step of x.  In exact arithmetic the bound is s/2; in
// float32, s, x/s and x' are each rounded, so the test allows
//   |x' - x| <= s/2 + (qmax - qmin) * s * 2^-22
// (at 8 bits: s/2 + 6.1e-5 s) and prints the worst excess actually seen.
// 4000 random ranges (magnitudes 1e-6..1e6, one- and two-sided), all widths,
// signednesses and schemes, 20 values each including both ends.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s
// CHECK: samples 2240000, beyond bound 0
// CHECK: worst |x'-x|/s 0.5000{{[0-9]+}}
#include "affq.h"

#include <math.h>
#include <stdio.h>

static uint64_t state = 0x9e3779b97f4a7c15ull;
static double uniform01(void) { /* xorshift64: fixed seed, same run every time */
  state ^= state << 13, state ^= state >> 7, state ^= state << 17;
  return (double)(state >> 11) * 0x1.0p-53;
}

int main(void) {
  long samples = 0, beyond = 0;
  double worst = 0.0;
  for (int r = 0; r < 4000; r++) {
    double mag = pow(10.0, -6.0 + 12.0 * uniform01());
    float a = (float)((2 * uniform01() - 1) * mag), b = (float)((2 * uniform01() - 1) * mag);
    if (r % 4 == 1)
      a = fabsf(a), b = fabsf(b); /* all positive */
    if (r % 4 == 2)
      a = -fabsf(a), b = -fabsf(b); /* all negative */
    float lo = fminf(a, b), hi = fmaxf(a, b);
    for (int bits = 2; bits <= 8; bits++)
      for (int sign = 0; sign < 2; sign++)
        for (int scheme = 0; scheme < 2; scheme++) {
          affq_qparams p;
          if (affq_choose_qparams(lo, hi, bits, sign, (affq_scheme)scheme, &p))
            return printf("choose failed for [%a, %a]\n", lo, hi), 1;
          double bound = p.scale / 2.0 + (p.qmax - p.qmin) * (double)p.scale * 0x1p-22;
          for (int k = 0; k < 20; k++) {
            float x = k == 0 ? lo : k == 1 ? hi : (float)(lo + (hi - (double)lo) * uniform01());
            float xd = affq_dequantize_value(affq_quantize_value(x, &p), &p);
            double err = fabs((double)xd - (double)x);
            samples++;
            if (err > bound && beyond++ < 5)
              printf("beyond: bits=%d signed=%d scheme=%d [%a, %a] x=%a x'=%a s=%a\n", bits, sign,
                     scheme, lo, hi, x, xd, p.scale);
            if (err / p.scale > worst)
              worst = err / p.scale;
          }
        }
  }
  printf("samples %ld, beyond bound %ld\n", samples, beyond);
  printf("worst |x'-x|/s %.9f\n", worst);
  return beyond != 0;
}
