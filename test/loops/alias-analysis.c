// Whether a store in the loop nest may write the operands is LLVM's alias
// analysis' answer: distinct malloc'd blocks, and restrict pointers of a
// function inlined into its caller (scoped noalias metadata), let the rows
// loop be taken in (one matrix-vector call); plain pointers that may be the
// same memory do not (one call per row).  Results are bit for bit the
// runtime's.
//
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang %t.o %affq_rt -lm -o %t
// RUN: %t | FileCheck %s
#include "affq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R 32
#define C 48

AFFQ_RANGE(-1.0f, 1.0f) static float W[R][C];
static float Wf[R][C];

__attribute__((noinline)) void from_malloc(float *out) {
  float *x = malloc(C * sizeof *x), *y = malloc(R * sizeof *y);
  for (int j = 0; j < C; j++)
    x[j] = (float)(j % 5) - 2.0f;
  AFFQ_LOOP
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += W[r][c] * x[c];
    y[r] = acc;
  }
  memcpy(out, y, R * sizeof *y);
  free(x);
  free(y);
}
// REMARK: alias-analysis.c:[[@LINE-11]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

static inline void mv(float *restrict y, const float *restrict x) {
  AFFQ_LOOP
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += W[r][c] * x[c];
    y[r] = acc;
  }
}
// REMARK: alias-analysis.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]
__attribute__((noinline)) void inlined_restrict(float *y, const float *x) { mv(y, x); }

__attribute__((noinline)) void may_alias(float *y, const float *x) {
  AFFQ_LOOP
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += W[r][c] * x[c];
    y[r] = acc;
  }
}
// REMARK: alias-analysis.c:[[@LINE-8]]:1: remark: marked loop: dot product runs on the int8 kernel; not larger: the store to parameter 1 of 'may_alias' in the loop nest may write parameter 2 of 'may_alias', which the product reads (declare the pointers restrict, or use distinct arrays) [-Rpass=affq]

/* the same in the copy made for W: its parameters are not the user's, so
 * the remark does not number them */
__attribute__((noinline)) static void mv_param(float *y, const float *x, const float *w) {
  AFFQ_LOOP
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += w[r * C + c] * x[c];
    y[r] = acc;
  }
}
// REMARK: alias-analysis.c:[[@LINE-8]]:1: remark: marked loop: dot product runs on the int8 kernel; not larger: the store to a pointer parameter of 'mv_param' in the loop nest may write a pointer parameter of 'mv_param', which the product reads (declare the pointers restrict, or use distinct arrays) [-Rpass=affq]

int main(void) {
  unsigned seed = 77;
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) {
      seed = seed * 1103515245u + 12345u;
      W[r][c] = Wf[r][c] = (float)((seed >> 8) & 0xFFFF) / 32767.5f - 1.0f;
    }
  float x[C], ya[R], yb[R], yc[R], ref[R], row[R];
  for (int j = 0; j < C; j++)
    x[j] = (float)(j % 5) - 2.0f;
  from_malloc(ya);
  inlined_restrict(yb, x);
  may_alias(yc, x);
  float yd[R];
  mv_param(yd, x, &W[0][0]);
  affq_qparams p;
  int8_t q[R * C];
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  affq_quantize(&Wf[0][0], q, R * C, &p);
  affq_gemv_q8f32(q, &p, 0, R, C, x, ref, 0); /* one call, as the GEMV */
  for (int r = 0; r < R; r++)
    affq_gemv_q8f32(q + r * C, &p, 0, 1, C, x, &row[r], 0); /* one per row */
  for (int r = 0; r < R; r++)
    ref[r] = 0.0f + ref[r], row[r] = 0.0f + row[r];
  printf("malloc: %s\n", memcmp(ya, ref, sizeof ref) ? "differs" : "equal");
  printf("inlined restrict: %s\n", memcmp(yb, ref, sizeof ref) ? "differs" : "equal");
  printf("may alias: %s\n", memcmp(yc, row, sizeof row) ? "differs" : "equal");
  printf("in the copy: %s\n", memcmp(yd, row, sizeof row) ? "differs" : "equal");
  return 0;
}
// CHECK: malloc: equal
// CHECK: inlined restrict: equal
// CHECK: may alias: equal
// CHECK: in the copy: equal
