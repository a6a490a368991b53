// A global written at run time with AFFQ_RANGE: stores quantize, loads
// dequantize, through direct indices, a pointer variable with arithmetic,
// and a loop; values outside the range clamp to its ends; NaN reads back
// as 0 (z dequantizes to 0).
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: act:
#include "Inputs/reference.h"

AFFQ_RANGE(-1.0f, 1.0f) float act[32];
REF_PARAMS(act);

int main(void) {
  REF_RANGE(act, -1.0f, 1.0f, 8, 1, AFFQ_AFFINE);
  for (int i = 0; i < 32; i++)
    PUT(act, act[i], sinf((float)i) * 1.3f);
  float *p = act + 5;
  PUT(act, p[3], 0.123456f);
  PUT(act, *p, NAN);
  p++;
  PUT(act, *p, -7.0f);
  float back[32];
  for (int i = 0; i < 32; i++)
    back[i] = act[i];
  print_floats("act", back, 32);
  float sum = 0;
  for (float *q = act; q != act + 32; q++)
    sum += *q;
  printf("sum %a\n", sum);
  return 0;
}
