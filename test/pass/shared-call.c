// A call that passes pointers into two annotated arrays gets one clone of
// its callee made for both (a joint clone), each argument rewritten with its
// own array's parameters.  C and D have equal parameters and share g's
// clone; pair(C, E) goes to pair's joint clone.  Every array is quantized.
// (In an early version, pair(C, E) read C's codes with E's parameters; then
// such calls kept both arrays float.)
//   C[0] = 0.5  -> 0.501961 (s = 2/255);   D[0] = 0.25 -> 0.25098
//   E[0] = 50   -> 50.1961  (s = 100/255); alone[0] = 12 -> 12.1569
// RUN: %clang -O0 -fpass-plugin=%affq_plugin %s -o %t %affq_rt 2>&1 | FileCheck %s --allow-empty --implicit-check-not=warning:
// RUN: %t | FileCheck --check-prefix=OUT %s
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - 2>/dev/null | FileCheck --check-prefix=IR %s
#include "affq.h"

#include <stdio.h>

AFFQ_RANGE(-1, 1) static float C[4];
AFFQ_RANGE(-1, 1) static float D[4];
AFFQ_RANGE(0, 100) static float E[4];
AFFQ_RANGE(0, 100) static float alone[4];

static float g(const float *p) { return p[0]; }
static float pair(const float *a, const float *b) { return a[0] + b[0]; }

int main(void) {
  C[0] = 0.5f, D[0] = 0.25f, E[0] = 50.0f, alone[0] = 12.0f;
  printf("%g %g %g %g %g\n", g(C), g(D), pair(C, E), pair(E, D), g(alone));
  // OUT: 0.501961 0.25098 50.698 50.4471 12.1569
  return 0;
}
// IR-DAG: @C = internal global [4 x i8]
// IR-DAG: @D = internal global [4 x i8]
// IR-DAG: @E = internal global [4 x i8]
// IR-DAG: @alone = internal global [4 x i8]
// IR-DAG: define internal float @g.affq(
// IR-DAG: define internal float @pair.affq.joint(
// IR-DAG: define internal float @pair.affq.joint.{{[0-9]+}}(
