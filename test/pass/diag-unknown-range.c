// An array whose range cannot be known is an error: no AFFQ_RANGE, and no
// initializer or only an all-zero one (the implicit zero initializer of a
// static array counts as all-zero), or an initializer holding Inf.
// RUN: not %clang -O0 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
#include "affq.h"

#include <math.h>

AFFQ static float implicit_zero[8];
// CHECK: diag-unknown-range.c:[[@LINE-1]]:1: error: affq: cannot know the range of 'implicit_zero': its initializer is all zero; give AFFQ_RANGE(lo, hi)
AFFQ static const float zeros[3] = {0, 0, 0};
// CHECK: diag-unknown-range.c:[[@LINE-1]]:1: error: affq: cannot know the range of 'zeros': its initializer is all zero; give AFFQ_RANGE(lo, hi)
AFFQ static const float infs[2] = {1, INFINITY};
// CHECK: diag-unknown-range.c:[[@LINE-1]]:1: error: affq: the initializer of 'infs' holds +Inf; give AFFQ_RANGE(lo, hi)

float use(int i) {
  AFFQ float uninit[4];
  // CHECK: diag-unknown-range.c:[[@LINE-1]]:1: error: affq: cannot know the range of local array in 'use': give AFFQ_RANGE(lo, hi), a constant initializer or a calibration profile
  AFFQ float zero_init[4] = {0}; /* (clang: memset 0, no stores) */
  // CHECK: diag-unknown-range.c:[[@LINE-1]]:1: error: affq: cannot know the range of local array in 'use': its initializer is all zero; give AFFQ_RANGE(lo, hi) or a calibration profile
  uninit[i] = 1;
  return implicit_zero[i] + zeros[i] + infs[i] + uninit[i] + zero_init[i];
}
