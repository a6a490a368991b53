// A marked loop's float sum over a quantized array may be reordered: the
// loop stage gives it the reassoc flag, and the loop vectorizer vectorizes
// it.  The same loop unmarked stays scalar: reordering would change the sum.
// (Neither loop is a product a kernel takes: a plain sum, and a strided walk.)
// RUN: %clang -O2 -mavx2 -fpass-plugin=%affq_plugin '-Rpass=loop-vectorize|affq' '-Rpass-missed=loop-vectorize|affq' -c %s -o %t.o 2>&1 | FileCheck %s
#include "affq.h"

AFFQ_RANGE(-1.0f, 1.0f) static float W[4096];
// CHECK: vectorize-sum.c:[[@LINE-1]]:1: remark: quantized 'W'
void set(int i, float v) { W[i] = v; }

float sum_marked(void) {
  float acc = 0;
  AFFQ_LOOP
  for (int i = 0; i < 4096; i++)
    acc += W[i];
  return acc;
}
// CHECK: vectorize-sum.c:[[@LINE-5]]:1: remark: marked loop stays element-wise (its sum may be reordered): no product kernel: the sum adds the quantized array's values themselves, not products
// CHECK: vectorize-sum.c:[[@LINE-5]]:{{[0-9]+}}: remark: vectorized loop (vectorization width: {{[0-9]+}}, interleaved count: {{[0-9]+}})

float sum_plain(void) {
  float acc = 0;
  for (int i = 0; i < 4096; i++)
    acc += W[i];
  return acc;
}
// CHECK: vectorize-sum.c:[[@LINE-4]]:{{[0-9]+}}: remark: loop not vectorized [-Rpass-missed=loop-vectorize]
// CHECK-NOT: remark: vectorized loop

float strided_marked(const float *x) {
  float acc = 0;
  AFFQ_LOOP
  for (int i = 0; i < 2048; i++)
    acc += W[i] * x[2 * i];
  return acc;
}
// CHECK: vectorize-sum.c:[[@LINE-5]]:1: remark: marked loop stays element-wise (its sum may be reordered): no product kernel: the loop steps 8 bytes through the floats and 1 through the codes (a product kernel needs 4, and 1 or a row)
// CHECK: vectorize-sum.c:[[@LINE-5]]:{{[0-9]+}}: remark: vectorized loop
