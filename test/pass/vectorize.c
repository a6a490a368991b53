// The inline conversions are plain IR, so loops over a quantized array
// vectorize: reads (dequantize) and writes (quantize, with roundeven).
// RUN: %clang -O2 -mavx2 -fpass-plugin=%affq_plugin '-Rpass=affq|loop-vectorize' -c %s -o %t.o 2>&1 | FileCheck %s
#include "affq.h"

AFFQ_RANGE(-1.0f, 1.0f) static float W[4096];
// CHECK: vectorize.c:[[@LINE-1]]:1: remark: quantized 'W'

void scale(float *restrict y, const float *restrict x, float a) {
  for (int i = 0; i < 4096; i++)
    y[i] = W[i] * x[i] * a;
  // CHECK: vectorize.c:[[@LINE-2]]:{{[0-9]+}}: remark: vectorized loop
}

void put(const float *x) {
  for (int i = 0; i < 4096; i++)
    W[i] = x[i];
  // CHECK: vectorize.c:[[@LINE-2]]:{{[0-9]+}}: remark: vectorized loop
}
