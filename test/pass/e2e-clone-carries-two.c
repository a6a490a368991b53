// Two global arrays, one passed to a function that names the other and
// passes both on: the clone made for the one passed holds a call carrying
// both, which gets a joint clone. Clones are kept from one analysis round to
// the next, so that call is the same instruction in every round. The order
// of analysis does not matter: B1 is declared (and analyzed) before A1, B2
// after A2. All four are quantized, and every -O level prints what the
// reference prints.
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %e2e %s %t | FileCheck --check-prefix=RUNS %s
// RUNS: e2e: ok
// RUNS: A1: {{.*}}
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o %t.ll
// RUN: FileCheck --check-prefix=IR %s < %t.ll
// IR-DAG: define internal void @step1.affq(
// IR-DAG: define internal void @step2.affq(
// IR-DAG: define internal void @axpy.affq.joint(
#include "Inputs/reference.h"

AFFQ_RANGE(-1.0f, 1.0f) static float B1[8];
// CHECK-DAG: e2e-clone-carries-two.c:[[@LINE-1]]:1: remark: quantized 'B1'
REF_PARAMS(B1);
AFFQ_RANGE(-2.0f, 2.0f) static float A1[8];
// CHECK-DAG: e2e-clone-carries-two.c:[[@LINE-1]]:1: remark: quantized 'A1'
REF_PARAMS(A1);
AFFQ_RANGE(-2.0f, 2.0f) static float A2[8];
// CHECK-DAG: e2e-clone-carries-two.c:[[@LINE-1]]:1: remark: quantized 'A2'
REF_PARAMS(A2);
AFFQ_RANGE(-1.0f, 1.0f) static float B2[8];
// CHECK-DAG: e2e-clone-carries-two.c:[[@LINE-1]]:1: remark: quantized 'B2'
REF_PARAMS(B2);

#ifdef AFFQ_REFERENCE
#define AXPY(Y, y, x, k)                                                                           \
  for (int i = 0; i < 8; i++)                                                                      \
  PUT(Y, y[i], y[i] + (k) * x[i])
__attribute__((noinline)) static void step1(float *y) { AXPY(A1, y, B1, 0.5f); }
__attribute__((noinline)) static void step2(float *y) { AXPY(A2, y, B2, 0.25f); }
#else
__attribute__((noinline)) static void axpy(float *y, const float *x, float k, int n) {
  for (int i = 0; i < n; i++)
    y[i] += k * x[i];
}
__attribute__((noinline)) static void step1(float *y) { axpy(y, B1, 0.5f, 8); }
__attribute__((noinline)) static void step2(float *y) { axpy(y, B2, 0.25f, 8); }
#endif

int main(void) {
  REF_RANGE(A1, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE(A2, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE(B1, -1.0f, 1.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE(B2, -1.0f, 1.0f, 8, 1, AFFQ_AFFINE);
  for (int i = 0; i < 8; i++) {
    PUT(A1, A1[i], (float)i * 0.2f - 0.8f);
    PUT(A2, A2[i], (float)i * 0.3f - 1.1f);
    PUT(B1, B1[i], (float)i * 0.1f - 0.4f);
    PUT(B2, B2[i], 0.35f - (float)i * 0.1f);
  }
  step1(A1);
  step2(A2);
  print_floats("A1", A1, 8);
  print_floats("A2", A2, 8);
  return 0;
}
