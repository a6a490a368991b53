// A local array copied whole from two different constants: only the first
// copy (its initializer) is quantized from the initializer's values; the
// second one quantizes the second constant (before, both copies got the
// initializer's values).
// RUN: %e2e %s %t -Werror | FileCheck %s
// CHECK: e2e: ok
// CHECK: f:
#include "Inputs/reference.h"

#include <string.h>

static const float A[4] = {1, 2, 3, 4}, B[4] = {-1, -2, -3, -4};

__attribute__((noinline)) static void f(int i, float *out) {
  AFFQ_RANGE(-4.0f, 4.0f) float t[4];
  REF_PARAMS(t);
  memcpy(t, A, sizeof t);
  REF_RANGE(t, -4.0f, 4.0f, 8, 1, AFFQ_AFFINE);
  out[0] = t[i];
  memcpy(t, B, sizeof t);
#ifdef AFFQ_REFERENCE
  ref_apply(t, 4, &ref_t);
#endif
  out[1] = t[i];
}

int main(void) {
  float out[8];
  for (int i = 0; i < 4; i++)
    f(i, out + 2 * i);
  print_floats("f", out, 8);
  return 0;
}
