// lo >= hi, or a bound that is not finite, is an error at the declaration.
// RUN: not %clang -O0 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
#include "affq.h"

#include <math.h>

AFFQ_RANGE(1.0f, -1.0f) static float reversed[4];
// CHECK: diag-bad-range.c:[[@LINE-1]]:1: error: affq: the range of 'reversed' is empty: lo (1) must be less than hi (-1)
AFFQ_RANGE(2.0f, 2.0f) static float empty[4];
// CHECK: diag-bad-range.c:[[@LINE-1]]:1: error: affq: the range of 'empty' is empty: lo (2) must be less than hi (2)
AFFQ_RANGE(0, 0) static float zeros[4];
// CHECK: diag-bad-range.c:[[@LINE-1]]:1: error: affq: the range of 'zeros' is empty: lo (0) must be less than hi (0)
AFFQ_RANGE(-INFINITY, 1.0f) static float infinite[4];
// CHECK: diag-bad-range.c:[[@LINE-1]]:1: error: affq: the range of 'infinite' is not finite: [-inf, 1]
AFFQ_RANGE(0.0f, NAN) static float nan_bound[4];
// CHECK: diag-bad-range.c:[[@LINE-1]]:1: error: affq: the range of 'nan_bound' is not finite: [0, nan]

float use(int i) { return reversed[i] + empty[i] + zeros[i] + infinite[i] + nan_bound[i]; }
