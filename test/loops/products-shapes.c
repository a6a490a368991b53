// Which loops become kernel calls, and the exact call; and for the rest,
// the -Rpass-missed=affq remark that says which shape did not match and why.
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s
#include "affq.h"

AFFQ_RANGE(-1.0f, 1.0f) static float W[64][48];
AFFQ_RANGE(-1.0f, 1.0f) static float T[48][64];
AFFQ_RANGE_OPTS(-1.0f, 1.0f, "per_row") static float P[64][48];
float x[48], y[64]; /* external: written and read elsewhere */
void set(int r, int c, float v) { W[r][c] = T[c][r] = P[r][c] = v; }

// CHECK-LABEL: define {{.*}}void @gemv()
// CHECK: call void @affq_loop_product(i32 0, ptr nonnull @W, ptr nonnull @affq.qparams, i32 0, i64 64, i64 48, ptr nonnull @x, i64 1, ptr nonnull %{{.*}}, i32 0)
// CHECK-NOT: load i8
// CHECK: ret void
void gemv(void) {
  AFFQ_LOOP
  for (int r = 0; r < 64; r++) {
    float acc = 0.0f;
    for (int c = 0; c < 48; c++)
      acc += W[r][c] * x[c];
    y[r] = acc;
  }
}
// REMARK: products-shapes.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

// y and x may be the same memory: the product cannot be hoisted out of the
// row loop, so each row is one dot product call.
// CHECK-LABEL: define {{.*}}void @gemv_may_alias(
// CHECK: call void @affq_loop_product(i32 0, ptr {{.*}}, ptr nonnull @affq.qparams, i32 0, i64 1, i64 48, ptr %{{[0-9a-z]+}}, i64 1, ptr nonnull %{{.*}}, i32 1)
// CHECK: ret void
void gemv_may_alias(float *out, const float *x) {
  AFFQ_LOOP_OPTS("dynamic")
  for (int r = 0; r < 64; r++) {
    float acc = 0.0f;
    for (int c = 0; c < 48; c++)
      acc += W[r][c] * x[c];
    out[r] = acc;
  }
}
// REMARK: products-shapes.c:[[@LINE-8]]:1: remark: marked loop: dot product runs on the int8 kernel, x quantized on each call; not larger: the store to parameter 1 of 'gemv_may_alias' in the loop nest may write parameter 2 of 'gemv_may_alias', which the product reads (declare the pointers restrict, or use distinct arrays)

// A trip count known only at run time is fine for the loop itself.
// CHECK-LABEL: define {{.*}}float @dot_n(
// CHECK: call void @affq_loop_product(i32 0, ptr nonnull @W, ptr nonnull @affq.qparams, i32 0, i64 1, i64 %{{[0-9a-z]+}}, ptr %{{[0-9a-z]+}}, i64 1, ptr nonnull %{{.*}}, i32 0)
float dot_n(const float *x, int n) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int c = 0; c < n; c++)
    acc += W[0][c] * x[c];
  return acc;
}
// REMARK: products-shapes.c:[[@LINE-5]]:1: remark: marked loop: dot product runs on the int8 kernel [-Rpass=affq]

// CHECK-LABEL: define {{.*}}void @gemv_transposed()
// CHECK: call void @affq_loop_product(i32 1, ptr nonnull @T, ptr nonnull @affq.qparams, i32 0, i64 48, i64 64, ptr nonnull @x, i64 1, ptr nonnull %{{.*}}, i32 0)
void gemv_transposed(void) {
  AFFQ_LOOP
  for (int j = 0; j < 64; j++) {
    float acc = 0.0f;
    for (int k = 0; k < 48; k++)
      acc += T[k][j] * x[k];
    y[j] = acc;
  }
}
// REMARK: products-shapes.c:[[@LINE-8]]:1: remark: marked loop: transposed matrix-vector product runs on the int8 kernel [-Rpass=affq]

// The rest stay element-wise.
// CHECK-LABEL: define {{.*}}float @prefix_sums(
// CHECK-NOT: affq_loop_product
// CHECK: ret float
float prefix_sums(const float *restrict x, float *restrict out) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int c = 0; c < 48; c++) {
    acc += W[1][c] * x[c];
    out[c] = acc;
  }
  return acc;
}
// REMARK: products-shapes.c:[[@LINE-7]]:1: remark: marked loop stays element-wise: its float sum is also used inside the loop (a running sum), so it is neither reordered nor a product kernel [-Rpass-missed=affq]

float one_column(void) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int k = 0; k < 48; k++)
    acc += T[k][3] * x[k];
  return acc;
}
// REMARK: products-shapes.c:[[@LINE-5]]:1: remark: marked loop stays element-wise (its sum may be reordered): no product kernel: it reads the quantized array down a column, and no loop around it walks the columns [-Rpass-missed=affq]

float half_row(void) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int c = 0; c < 24; c++)
    acc += P[5][c] * x[c];
  return acc;
}
// REMARK: products-shapes.c:[[@LINE-5]]:1: remark: marked loop stays element-wise (its sum may be reordered): no product kernel: per-row weights, but the loop does not cover whole rows [-Rpass-missed=affq]

// Each row reads its own vector, through a pointer loaded in the row loop:
// that is a new base per row, not a stride, so the product is per row.
// CHECK-LABEL: define {{.*}}float @rows_of_pointers(
// CHECK: call void @affq_loop_product(i32 0, ptr {{.*}}, ptr nonnull @affq.qparams, i32 0, i64 1, i64 48,
float rows_of_pointers(const float *const *xs) {
  float total = 0.0f;
  AFFQ_LOOP
  for (int r = 0; r < 64; r++) {
    const float *v = xs[r];
    float acc = 0.0f;
    for (int c = 0; c < 48; c++)
      acc += W[r][c] * v[c];
    total += acc;
  }
  return total;
}
// REMARK: products-shapes.c:[[@LINE-10]]:1: remark: marked loop: dot product runs on the int8 kernel; not larger: an operand's base address is computed inside the loop around it [-Rpass=affq]
