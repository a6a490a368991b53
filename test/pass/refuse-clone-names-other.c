// Two global arrays, one passed to a function that names the other. The
// function is specialized for the one passed; its clone names the other
// too, and affq cannot specialize a function for both:
//  - B1 is analyzed before the clone for A1 exists (B1 is declared first):
//    the clone's accesses to B1 would go unseen, so B1 stays float, and A1,
//    whose clone reads B1 as float, is quantized;
//  - B2 is analyzed after the clone for A2 exists: the call in the clone
//    carries both, and both stay float.
// Either way no access reads codes as floats: every -O level prints what the
// reference prints (A1 quantized, the rest float).
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: %e2e %s %t | FileCheck --check-prefix=RUNS %s
// RUNS: e2e: ok
// RUNS: A1: {{.*}}
#include "Inputs/reference.h"

AFFQ_RANGE(-1.0f, 1.0f) static float B1[8];
// CHECK-DAG: refuse-clone-names-other.c:[[@LINE-1]]:1: warning: affq: 'B1' stays float: a function specialized for another array also accesses it by name, and affq specializes a function for one array at a time
AFFQ_RANGE(-2.0f, 2.0f) static float A1[8];
// CHECK-DAG: refuse-clone-names-other.c:[[@LINE-1]]:1: remark: quantized 'A1'
REF_PARAMS(A1);
AFFQ_RANGE(-2.0f, 2.0f) static float A2[8];
// CHECK-DAG: refuse-clone-names-other.c:[[@LINE-1]]:1: warning: affq: 'A2' stays float: a call passes it together with 'B2'
AFFQ_RANGE(-1.0f, 1.0f) static float B2[8];
// CHECK-DAG: refuse-clone-names-other.c:[[@LINE-1]]:1: warning: affq: 'B2' stays float: a call passes it together with 'A2'

__attribute__((noinline)) static void axpy(float *y, const float *x, float k, int n) {
  for (int i = 0; i < n; i++)
    y[i] += k * x[i];
}
#ifdef AFFQ_REFERENCE
__attribute__((noinline)) static void step1(float *y) { /* y is A1 */
  for (int i = 0; i < 8; i++)
    PUT(A1, y[i], y[i] + 0.5f * B1[i]);
}
#else
__attribute__((noinline)) static void step1(float *y) { axpy(y, B1, 0.5f, 8); }
#endif
__attribute__((noinline)) static void step2(float *y) { axpy(y, B2, 0.25f, 8); }

int main(void) {
  REF_RANGE(A1, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  for (int i = 0; i < 8; i++) {
    PUT(A1, A1[i], (float)i * 0.2f - 0.8f);
    A2[i] = (float)i * 0.3f - 1.1f;
    B1[i] = B2[i] = (float)i * 0.1f - 0.4f;
  }
  step1(A1);
  step2(A2);
  print_floats("A1", A1, 8);
  print_floats("A2", A2, 8);
  print_floats("B1", B1, 8);
  return 0;
}
