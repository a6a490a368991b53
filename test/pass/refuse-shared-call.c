// A call that passes pointers into two annotated arrays would need one
// function specialized for both; affq specializes for one array at a time,
// so both stay float, with a warning each.  An array that shares a
// specialized clone with one of them (D reuses C's clone of g: equal
// parameters) stays float too.  The program runs as in float; 'alone' is
// quantized (12 reads back as 31 * 100/255 = 12.1569).
// (Before this rule, pair(C, E) read C's codes with E's parameters.)
// RUN: %clang -O0 -fpass-plugin=%affq_plugin %s -o %t %affq_rt 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %t | FileCheck --check-prefix=OUT %s
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - 2>/dev/null | FileCheck --check-prefix=IR %s
#include "affq.h"

#include <stdio.h>

AFFQ_RANGE(-1, 1) static float C[4];
// CHECK-DAG: refuse-shared-call.c:[[@LINE-1]]:1: warning: affq: 'C' stays float: a call passes it together with 'E', and affq specializes a function for one array at a time
AFFQ_RANGE(-1, 1) static float D[4];
// CHECK-DAG: refuse-shared-call.c:[[@LINE-1]]:1: warning: affq: 'D' stays float: it shares a specialized function with an array that stays float
AFFQ_RANGE(0, 100) static float E[4];
// CHECK-DAG: refuse-shared-call.c:[[@LINE-1]]:1: warning: affq: 'E' stays float: a call passes it together with 'C', and affq specializes a function for one array at a time
AFFQ_RANGE(0, 100) static float alone[4];

static float g(const float *p) { return p[0]; }
static float pair(const float *a, const float *b) { return a[0] + b[0]; }

int main(void) {
  C[0] = 0.5f, D[0] = 0.25f, E[0] = 50.0f, alone[0] = 12.0f;
  printf("%g %g %g %g\n", g(C), g(D), pair(C, E), g(alone));
  // OUT: 0.5 0.25 50.5 12.1569
  return 0;
}
// IR-DAG: @C = internal global [4 x float]
// IR-DAG: @D = internal global [4 x float]
// IR-DAG: @E = internal global [4 x float]
// IR-DAG: @alone = internal global [4 x i8]
// IR-DAG: define internal float @g.affq
// IR-NOT: define internal float @pair.affq
