// Functions that take two or three annotated arrays at once: each call set
// gets a joint clone, each argument rewritten with its own array's
// parameters; the program prints the reference's bytes at -O0 to -O3.
// Covers: a copy-and-scale between arrays of different parameters, the same
// function with different array sets, a recursive function over two arrays,
// one array passed twice together with another, and a float (unannotated)
// array passed next to an annotated one.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
#include "Inputs/reference.h"

AFFQ_RANGE(-1, 1) static float A[6];
REF_PARAMS(A);
AFFQ_RANGE(-8, 8) static float B[6];
REF_PARAMS(B);
AFFQ_RANGE_OPTS(0, 4, "bits=4,unsigned") static float C[6];
REF_PARAMS(C);
static float plain[6];

/* dst[i] = k * src[i]; which array dst is decides its parameters */
static void scale_into(float *dst, const float *src, float k, int n, const affq_qparams *ref) {
  (void)ref;
  for (int i = 0; i < n; i++) {
#ifdef AFFQ_REFERENCE
    dst[i] = ref ? affq_dequantize_value(affq_quantize_value(k * src[i], ref), ref) : k * src[i];
#else
    dst[i] = k * src[i];
#endif
  }
}

static float dot(const float *x, const float *y, int n) {
  return n ? x[n - 1] * y[n - 1] + dot(x, y, n - 1) : 0.0f;
}

static float three(const float *x, const float *y, const float *z) { return x[1] + y[2] * z[3]; }

int main(void) {
  REF_RANGE(A, -1, 1, 8, 1, AFFQ_AFFINE);
  REF_RANGE(B, -8, 8, 8, 1, AFFQ_AFFINE);
  REF_RANGE(C, 0, 4, 4, 0, AFFQ_AFFINE);
  for (int i = 0; i < 6; i++) {
    PUT(A, A[i], (float)i / 7.0f - 0.3f);
    PUT(C, C[i], (float)i * 0.6f);
    plain[i] = (float)i * 0.25f;
  }
#ifdef AFFQ_REFERENCE
  scale_into(B, A, 6.5f, 6, &ref_B);
  printf("AB %a\n", dot(A, B, 6));
  scale_into(A, C, 0.2f, 6, &ref_A);
  scale_into(plain, B, 0.5f, 6, NULL);
#else
  scale_into(B, A, 6.5f, 6, NULL);
  printf("AB %a\n", dot(A, B, 6));
  scale_into(A, C, 0.2f, 6, NULL);
  scale_into(plain, B, 0.5f, 6, NULL);
#endif
  printf("BC %a AA %a three %a %a\n", dot(B, C, 6), dot(A, A, 6), three(A, B, C), three(C, C, B));
  print_floats("A", A, 6);
  print_floats("B", B, 6);
  print_floats("C", C, 6);
  print_floats("plain", plain, 6);
  return 0;
}
