// The worked examples of the seed articles (../shared/seeds), with the
// values affq computes.  Where a seed is wrong, the expected value here is the
// correct one and docs/math.md says why.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s --match-full-lines
#include "affq.h"

#include <math.h>
#include <stdio.h>

static void show(const char *title, const float *x, int n, const affq_qparams *p) {
  printf("%s: s=%.9g z=%d q=", title, p->scale, p->zero_point);
  for (int i = 0; i < n; i++)
    printf("%s%d", i ? "," : "", affq_quantize_value(x[i], p));
  printf(" x'=");
  for (int i = 0; i < n; i++)
    printf("%s%.4f", i ? "," : "", affq_dequantize_value(affq_quantize_value(x[i], p), p));
  printf(" ape=");
  for (int i = 0; i < n; i++)
    printf("%s%.4f", i ? "," : "",
           affq_abs_pct_error(x[i], affq_dequantize_value(affq_quantize_value(x[i], p), p)));
  printf("\n");
}

int main(void) {
  /* Seed 003: given s = 0.1, z = 128 on uint8; and symmetric s = 0.1, z = 0. */
  const float t3[] = {1.2123f, 2.3535f, -1.1674f, -2.4335f, 0.5444f, -0.3590f};
  affq_qparams p;
  affq_make_qparams(0.1f, 128, 8, 0, &p);
  show("seed003 asym", t3, 6, &p);
  // CHECK: seed003 asym: s=0.100000001 z=128 q=140,152,116,104,133,124 x'=1.2000,2.4000,-1.2000,-2.4000,0.5000,-0.4000 ape=1.0146,1.9758,2.7925,1.3766,8.1558,11.4206
  affq_make_qparams(0.1f, 0, 8, 1, &p);
  show("seed003 sym", t3, 6, &p);
  // CHECK-NEXT: seed003 sym: s=0.100000001 z=0 q=12,24,-12,-24,5,-4 x'=1.2000,2.4000,-1.2000,-2.4000,0.5000,-0.4000 ape=1.0146,1.9758,2.7925,1.3766,8.1558,11.4206

  /* Seed 000: [-10, -5, 0, 5, 10].  The seed takes the uint8 scale 20/255,
   * drops z, clamps to int8 and prints -127,-64,0,64,127 with negative APEs.
   * Correct int8 affine parameters (= torch's MinMaxObserver) give z = -1,
   * because -10/s rounds to -127.49999 in float32.  For the same reason
   * +-10 quantize to +-127.49999 -> 126 / -127 here, where
   * torch.quantize_per_tensor, which multiplies by 1/s, lands on the tie
   * 127.5 and rounds it to even; both codes are 0.0392 from x. */
  const float t0[] = {-10.0f, -5.0f, 0.0f, 5.0f, 10.0f};
  affq_choose_qparams(-10.0f, 10.0f, 8, 1, AFFQ_AFFINE, &p);
  show("seed000 int8 affine", t0, 5, &p);
  // CHECK-NEXT: seed000 int8 affine: s=0.0784313753 z=-1 q=-128,-65,-1,63,126 x'=-9.9608,-5.0196,0.0000,5.0196,9.9608 ape=0.3922,0.3922,0.0000,0.3922,0.3922
  affq_choose_qparams(-10.0f, 10.0f, 8, 0, AFFQ_AFFINE, &p);
  show("seed000 uint8 affine", t0, 5, &p);
  // CHECK-NEXT: seed000 uint8 affine: s=0.0784313753 z=127 q=0,63,127,191,254 x'=-9.9608,-5.0196,0.0000,5.0196,9.9608 ape=0.3922,0.3922,0.0000,0.3922,0.3922
  affq_choose_qparams(-10.0f, 10.0f, 8, 1, AFFQ_SYMMETRIC, &p);
  show("seed000 int8 symmetric", t0, 5, &p);
  // CHECK-NEXT: seed000 int8 symmetric: s=0.0784313753 z=0 q=-127,-64,0,64,127 x'=-9.9608,-5.0196,0.0000,5.0196,9.9608 ape=0.3922,0.3922,0.0000,0.3922,0.3922

  /* Seed 001: "a B bit integer can have the range -(2^B) to (2^B-1)" and
   * "s = (2^B + 1)/(A1 - A2)".  The code range of B bits is
   * [-2^(B-1), 2^(B-1) - 1]; and for [A1, A2] = [-1, 3] at 8 bits the
   * multiplier the seed means is 1/s = (2^B - 1)/(A2 - A1) = 63.75, where the
   * seed's formula gives 257/(-4) = -64.25. */
  for (int b = 2; b <= 8; b++) {
    affq_choose_qparams(-1.0f, 1.0f, b, 1, AFFQ_AFFINE, &p);
    printf("bits %d: [%d, %d]\n", b, p.qmin, p.qmax);
  }
  // CHECK-NEXT: bits 2: [-2, 1]
  // CHECK-NEXT: bits 3: [-4, 3]
  // CHECK-NEXT: bits 4: [-8, 7]
  // CHECK-NEXT: bits 5: [-16, 15]
  // CHECK-NEXT: bits 6: [-32, 31]
  // CHECK-NEXT: bits 7: [-64, 63]
  // CHECK-NEXT: bits 8: [-128, 127]
  affq_choose_qparams(-1.0f, 3.0f, 8, 1, AFFQ_AFFINE, &p);
  printf("seed001 [-1,3]: 1/s=%.4f (seed's formula: %.4f)\n", 1.0 / p.scale, 257.0 / (-1.0 - 3.0));
  // CHECK-NEXT: seed001 [-1,3]: 1/s=63.7500 (seed's formula: -64.2500)
  return 0;
}
