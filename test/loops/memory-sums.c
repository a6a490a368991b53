// Sums kept in memory, y[i] += W[i][j] * x[j] and y[i] = y[i] + ..., with y
// plain float: when nothing the loop reads can be written by the store
// (restrict pointers, distinct globals) LLVM sums in a register and the
// product runs on the kernel, bit for bit the runtime's; when the store may
// write what the loop reads, the loop stays element-wise and the remark says
// what to change.
//
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang %t.o %affq_rt -lm -o %t
// RUN: %t | FileCheck %s
#include "affq.h"

#include <stdio.h>
#include <string.h>

#define R 12
#define C 36

AFFQ_RANGE(-1.0f, 1.0f) static float W[R][C];
static float Wf[R][C], x[C], yg[R], yr[R], ya[R];

__attribute__((noinline)) void in_memory_restrict(float *restrict y, const float *restrict xv) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    y[i] = 0.0f;
    for (int j = 0; j < C; j++)
      y[i] += W[i][j] * xv[j];
  }
}
// REMARK: memory-sums.c:[[@LINE-7]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) void in_memory_global(void) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    yg[i] = 0.0f;
    for (int j = 0; j < C; j++)
      yg[i] = yg[i] + W[i][j] * x[j];
  }
}
// REMARK: memory-sums.c:[[@LINE-7]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) void in_memory_may_alias(float *y, const float *xv) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    y[i] = 0.0f;
    for (int j = 0; j < C; j++)
      y[i] += W[i][j] * xv[j];
  }
}
// REMARK: memory-sums.c:[[@LINE-7]]:1: remark: marked loop stays element-wise: its sum is kept in memory (y[i] += ...) because the store may write what the loop reads; declare the pointers restrict, or sum into a local variable [-Rpass-missed=affq]

int main(void) {
  unsigned seed = 5;
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++) {
      seed = seed * 1103515245u + 12345u;
      W[i][j] = Wf[i][j] = (float)((seed >> 8) & 0xFFFF) / 32767.5f - 1.0f;
    }
  for (int j = 0; j < C; j++)
    x[j] = (float)(j % 9) - 4.0f;
  in_memory_restrict(yr, x);
  in_memory_global();
  in_memory_may_alias(ya, x);
  affq_qparams p;
  int8_t q[R * C];
  float ref[R];
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  affq_quantize(&Wf[0][0], q, R * C, &p);
  affq_gemv_q8f32(q, &p, 0, R, C, x, ref, 0);
  for (int i = 0; i < R; i++)
    ref[i] = 0.0f + ref[i];
  printf("restrict: %s\n", memcmp(yr, ref, sizeof ref) ? "differs" : "equal");
  printf("global: %s\n", memcmp(yg, ref, sizeof ref) ? "differs" : "equal");
  int close = 0;
  for (int i = 0; i < R; i++)
    close += ya[i] - ref[i] < 1e-3f && ref[i] - ya[i] < 1e-3f;
  printf("may alias, element-wise: %d/%d close\n", close, R);
  return 0;
}
// CHECK: restrict: equal
// CHECK: global: equal
// CHECK: may alias, element-wise: 12/12 close
