// An annotated local inside a function that affq specializes for another
// array: the original function's local is quantized, the specialized copy's
// stays float, and affq says so once (before, it said nothing).  Results
// stay correct either way.
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -Rpass=affq %s %affq_rt -o %t 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %t | FileCheck %s --check-prefix=OUT
#include "affq.h"

#include <stdio.h>

AFFQ_RANGE(-4.0f, 4.0f) static float W[8];
// CHECK-DAG: diag-local-in-clone.c:[[@LINE-1]]:1: remark: quantized 'W'

float scaled_sum(const float *p) {
  AFFQ static const float k[4] = {0.5f, 1.0f, 1.5f, 2.0f}; /* a static: quantized in both */
  AFFQ_RANGE(-8.0f, 8.0f) float tmp[4];
  // CHECK-DAG: diag-local-in-clone.c:[[@LINE-1]]:1: warning: affq: the local array in 'scaled_sum' stays float in the calls of 'scaled_sum' that pass it a pointer into another annotated array
  // CHECK-DAG: diag-local-in-clone.c:[[@LINE-2]]:1: remark: quantized local array in 'scaled_sum'
  float s = 0;
  for (int i = 0; i < 4; i++)
    tmp[i] = p[i] * k[i];
  for (int i = 0; i < 4; i++)
    s += tmp[i];
  return s;
}

int main(void) {
  float plain[4] = {1, 2, 3, 4};
  for (int i = 0; i < 8; i++)
    W[i] = (float)i * 0.5f;
  printf("%.1f %.1f\n", scaled_sum(plain), scaled_sum(W));
  // OUT: 15.0 5.0
  return 0;
}
