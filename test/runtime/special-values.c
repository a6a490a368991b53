// Quantize maps NaN to z, +Inf to qmax, -Inf to qmin, and values far outside
// the range to the nearest end; ties round to even after the division, and z
// is added after rounding.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s --match-full-lines
#include "affq.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  affq_qparams p;
  affq_make_qparams(0.5f, 3, 8, 1, &p); /* int8, s = 0.5, z = 3 */
  const float x[] = {NAN, -NAN, INFINITY, -INFINITY, 3e38f, -3e38f, 1e30f, 0.0f, -0.0f,
                     0.25f, 0.75f, -0.25f, -0.75f, 1.25f, 62.0f, 62.25f, -65.5f, -65.75f};
  for (unsigned i = 0; i < sizeof x / sizeof x[0]; i++)
    printf("%g -> %d\n", x[i], affq_quantize_value(x[i], &p));
  // CHECK: nan -> 3
  // CHECK-NEXT: -nan -> 3
  // CHECK-NEXT: inf -> 127
  // CHECK-NEXT: -inf -> -128
  // CHECK-NEXT: 3e+38 -> 127
  // CHECK-NEXT: -3e+38 -> -128
  // CHECK-NEXT: 1e+30 -> 127
  // CHECK-NEXT: 0 -> 3
  // CHECK-NEXT: -0 -> 3
  // x/s = 0.5 rounds to 0 (even), then + 3; adding z first would give 4.
  // CHECK-NEXT: 0.25 -> 3
  // CHECK-NEXT: 0.75 -> 5
  // CHECK-NEXT: -0.25 -> 3
  // CHECK-NEXT: -0.75 -> 1
  // CHECK-NEXT: 1.25 -> 5
  // CHECK-NEXT: 62 -> 127
  // CHECK-NEXT: 62.25 -> 127
  // CHECK-NEXT: -65.5 -> -128
  // CHECK-NEXT: -65.75 -> -128
  /* uint8 with z at either end */
  affq_make_qparams(1.0f, 0, 8, 0, &p);
  printf("z=0: %d %d %d\n", affq_quantize_value(-5.0f, &p), affq_quantize_value(NAN, &p),
         affq_quantize_value(300.0f, &p));
  // CHECK-NEXT: z=0: 0 0 255
  affq_make_qparams(1.0f, 255, 8, 0, &p);
  printf("z=255: %d %d %d\n", affq_quantize_value(5.0f, &p), affq_quantize_value(NAN, &p),
         affq_quantize_value(-300.0f, &p));
  // CHECK-NEXT: z=255: 255 255 0
  /* 4-bit signed clamps to [-8, 7] */
  affq_make_qparams(1.0f, 0, 4, 1, &p);
  printf("int4: %d %d %g\n", affq_quantize_value(100.0f, &p), affq_quantize_value(-100.0f, &p),
         affq_dequantize_value(-8, &p));
  // CHECK-NEXT: int4: 7 -8 -8
  /* min/max ignore NaN, signalling ones too, wherever they are: here the
   * last element of lane 0 (element i goes to lane i mod 32), whose first
   * element is the minimum, at lengths with two, three and 31 elements per
   * lane, on this machine's path. */
  static float v[1000];
  const uint32_t nan_bits[] = {0x7f800001u, 0x7fc00000u}; /* signalling, quiet */
  const size_t lens[] = {64, 95, 1000};
  for (int k = 0; k < 2; k++)
    for (int l = 0; l < 3; l++) {
      size_t n = lens[l], last = n / 32 * 32 - 32;
      for (size_t i = 0; i < n; i++)
        v[i] = (float)(i % 5) - 1.0f; /* -1 .. 3 */
      v[0] = -5.0f;
      v[1] = 9.0f;
      memcpy(&v[last], &nan_bits[k], sizeof(float));
      float mn = 0, mx = 0;
      int err = affq_minmax_f32(v, n, &mn, &mx);
      printf("minmax %s NaN at %zu of %zu: %d %g %g\n", k ? "quiet" : "signalling", last, n, err,
             mn, mx);
    }
  // CHECK-NEXT: minmax signalling NaN at 32 of 64: 0 -5 9
  // CHECK-NEXT: minmax signalling NaN at 32 of 95: 0 -5 9
  // CHECK-NEXT: minmax signalling NaN at 960 of 1000: 0 -5 9
  // CHECK-NEXT: minmax quiet NaN at 32 of 64: 0 -5 9
  // CHECK-NEXT: minmax quiet NaN at 32 of 95: 0 -5 9
  // CHECK-NEXT: minmax quiet NaN at 960 of 1000: 0 -5 9
  return 0;
}
