// Pointer subtraction between pointers into one annotated array (p - W,
// end - p) gives the same element counts as in float: the pass drops the
// division by 4, since code addresses differ in elements.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: first above 0.5 at 2, 13 left
#include "Inputs/reference.h"

AFFQ_RANGE(-1.0f, 1.0f) static float W[16];
REF_PARAMS(W);

int main(void) {
  REF_RANGE(W, -1.0f, 1.0f, 8, 1, AFFQ_AFFINE);
  for (int i = 0; i < 16; i++)
    PUT(W, W[i], sinf((float)i * 0.4f));
  float *end = W + 16, *p = W;
  while (p < end && *p <= 0.5f)
    p++;
  printf("first above 0.5 at %ld, %ld left\n", (long)(p - W), (long)(end - p - 1));
  float out[16];
  for (int i = 0; i < 16; i++)
    out[i] = W[i];
  print_floats("W", out, 16);
  return 0;
}
