// memcpy, memmove and memset on annotated arrays: from and to float buffers
// (runtime quantize/dequantize calls), between two arrays with different
// parameters (requantize), within one array (code copies), from a constant
// (quantized at compile time), and memset to 0 (codes of 0.0 are z).
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: a:
#include "Inputs/reference.h"

#include <string.h>

AFFQ_RANGE(-2.0f, 2.0f) static float a[24];
REF_PARAMS(a);
AFFQ_RANGE(-1.0f, 3.0f) static float b[24];
REF_PARAMS(b);
static const float table[8] = {0.5f, -0.25f, 1.75f, -1.9f, 0.01f, 1.0f, -1.0f, 0.333f};

int main(void) {
  REF_RANGE(a, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE(b, -1.0f, 3.0f, 8, 1, AFFQ_AFFINE);
  float src[24], dst[24];
  for (int i = 0; i < 24; i++)
    src[i] = cosf((float)i) * 2.1f;
#ifdef AFFQ_REFERENCE
  for (int i = 0; i < 24; i++) /* memcpy(a, src): quantize every float */
    PUT(a, a[i], src[i]);
  for (int i = 0; i < 24; i++) /* memcpy(b, a): requantize */
    PUT(b, b[i], a[i]);
  memmove(a + 2, a, 10 * sizeof(float)); /* codes move as they are */
  for (int i = 0; i < 8; i++)
    PUT(b, b[16 + i], table[i]);
  for (int i = 4; i < 8; i++)
    PUT(a, a[i], 0.0f);
#else
  memcpy(a, src, sizeof a);
  memcpy(b, a, sizeof b);
  memmove(a + 2, a, 10 * sizeof(float));
  memcpy(b + 16, table, sizeof table);
  memset(a + 4, 0, 4 * sizeof(float));
#endif
  memcpy(dst, a, sizeof dst); /* dequantize back to floats */
  print_floats("a", dst, 24);
  memcpy(dst, b, sizeof dst);
  print_floats("b", dst, 24);
  return 0;
}
