// TAFFO's scalar() with no range takes its range from a calibration profile.
// RUN: rm -rf %t && mkdir %t
// RUN: env AFFQ_PROFILE_GENERATE=1 %clang -O1 -fpass-plugin=%affq_plugin %s %affq_rt -o %t/gen
// RUN: env AFFQ_PROFILE_FILE=%t/p.affqprof %t/gen
// RUN: env AFFQ_PROFILE_USE=%t/p.affqprof %clang -O1 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-analysis=affq %s %affq_rt -o %t/use 2>&1 | FileCheck %s
// RUN: %t/use | FileCheck %s --check-prefix=RUNS
#include "affq.h"
#include <stdio.h>

float __attribute__((annotate("scalar()"))) act[32];
// CHECK: profile.c:[[@LINE-1]]:1: remark: 'act': range [-1.5, 1.6] from the profile (minmax; 32 values seen, [-1.5, 1.6])
// CHECK: profile.c:[[@LINE-2]]:1: remark: quantized 'act' (32 floats): int8 affine

int main(void) {
  for (int i = 0; i < 32; i++)
    act[i] = (float)(i - 15) / 10.0f;
  printf("act[31] %.3f\n", act[31]);
  return 0;
}
// RUNS: act[31] 1.60{{[0-9]}}
