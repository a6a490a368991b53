// Local arrays: with AFFQ_RANGE, with a constant initializer (quantized at
// compile time and copied in as codes), partially initialized, one whose
// initializer clang writes as memset 0 + a store per nonzero element (its
// range is still the initializer's), static locals, and one passed around
// through a pointer variable in a loop.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: inits:
// CHECK: partial:
// CHECK: sparse:
// CHECK: ranged:
#include "Inputs/reference.h"

static float run(int n) {
  AFFQ float inits[5] = {1.25f, -2.5f, 3.75f, 0.1f, 5.0f};
  REF_PARAMS(inits);
  REF_INIT(inits, 8, 1, AFFQ_AFFINE);
  AFFQ float partial[8] = {0.3f, 0.9f, -0.6f}; /* the rest are 0 */
  REF_PARAMS(partial);
  REF_INIT(partial, 8, 1, AFFQ_AFFINE);
  AFFQ float sparse[16] = {0.5f, [9] = 2.0f, [15] = -1.0f};
  REF_PARAMS(sparse);
  REF_INIT(sparse, 8, 1, AFFQ_AFFINE);
  AFFQ_RANGE(-4.0f, 4.0f) float ranged[16];
  REF_PARAMS(ranged);
  REF_RANGE(ranged, -4.0f, 4.0f, 8, 1, AFFQ_AFFINE);
  AFFQ_RANGE(0.0f, 10.0f) static float counts[4];
  REF_PARAMS(counts);
  REF_RANGE(counts, 0.0f, 10.0f, 8, 1, AFFQ_AFFINE);

  float out[16];
  for (int i = 0; i < 5; i++)
    out[i] = inits[i];
  print_floats("inits", out, 5);
  for (int i = 0; i < 8; i++)
    out[i] = partial[i];
  print_floats("partial", out, 8);
  for (int i = 0; i < 16; i++)
    out[i] = sparse[i];
  print_floats("sparse", out, 16);
  float *p = ranged;
  for (int i = 0; i < 16; i++, p++)
    PUT(ranged, *p, (float)(i - 8) * 0.37f * (float)n);
  for (int i = 0; i < 16; i++)
    out[i] = ranged[i];
  print_floats("ranged", out, 16);
  PUT(counts, counts[n % 4], counts[n % 4] + 1.3f); /* static: persists between calls */
  return counts[n % 4];
}

int main(void) {
  float t = 0;
  for (int n = 1; n <= 6; n++)
    t += run(n);
  printf("total %a\n", t);
  return 0;
}
