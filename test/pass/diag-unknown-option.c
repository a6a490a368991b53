// An unknown or malformed option is an error at the declaration.
// RUN: not %clang -O0 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
#include "affq.h"

AFFQ_OPTS("bits=4,fancy") static const float a[2] = {1, 2};
// CHECK: diag-unknown-option.c:[[@LINE-1]]:1: error: affq: unknown affq parameter 'fancy'
AFFQ_OPTS("bits=9") static const float b[2] = {1, 2};
// CHECK: diag-unknown-option.c:[[@LINE-1]]:1: error: affq: bits must be an integer from 2 to 8, not '9'
AFFQ_OPTS("scheme=log") static const float c[2] = {1, 2};
// CHECK: diag-unknown-option.c:[[@LINE-1]]:1: error: affq: scheme must be affine or symmetric, not 'log'
AFFQ_OPTS("per_row") static const float d[4] = {1, 2, 3, 4};
// CHECK: diag-unknown-option.c:[[@LINE-1]]:1: error: affq: per_row needs a 2-D float array, and 'd' is not one
__attribute__((annotate("affq", "range", 1.0))) static float e[2];
// CHECK: diag-unknown-option.c:[[@LINE-1]]:1: error: affq: the range of 'e' must be two numbers: AFFQ_RANGE(lo, hi)

float use(int i) { return a[i] + b[i] + c[i] + d[i] + e[i]; }
