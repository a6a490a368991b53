// An initializer with values beyond the annotated range is clamped at
// compile time: a warning at the declaration says how many and which, not
// only the remark's error figure.
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning:
#include "affq.h"

AFFQ_RANGE(0.0f, 1.0f) static const float w[4] = {0.5f, 2.0f, 3.0f, 0.25f};
// CHECK: diag-init-clamped.c:[[@LINE-1]]:1: warning: affq: 2 of 4 initializer values of 'w' are outside what its codes hold, [0, 1], and are clamped (min 2, max 3)
AFFQ_RANGE(0.0f, 1.0f) static const float fine[4] = {0.5f, 1.0f, 0.0f, 0.25f};

float get(int i) { return w[i] + fine[i]; }
