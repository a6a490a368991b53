// Sums kept in memory, y[i] += W[i][j] * x[j] and y[i] = y[i] + ..., with y
// plain float: when nothing the loop reads can be written by the store
// (restrict pointers, distinct globals) LLVM sums in a register and the
// product runs on the kernel, bit for bit the runtime's; when the store may
// write what the loop reads, a check at run time sends each row to the
// kernel when y[i] overlaps nothing the row reads, and to the loop as
// written when it does (bit for bit the same loop without the plugin).
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
// REMARK: memory-sums.c:[[@LINE-7]]:1: remark: marked loop: dot product runs on the int8 kernel, kept in memory (y[i] += ...): a check at run time finds that the store to parameter 1 of 'in_memory_may_alias' does not overlap parameter 2 of 'in_memory_may_alias'; otherwise the loop runs as written [-Rpass=affq]

// y[i] = y[i] + ...: the sum starts from what y[i] held
__attribute__((noinline)) void accumulate_may_alias(float *y, const float *xv) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++)
      y[i] = y[i] + W[i][j] * xv[j];
}
// REMARK: memory-sums.c:[[@LINE-5]]:1: remark: marked loop: dot product runs on the int8 kernel, kept in memory

// the same loop without a mark, on the dequantized weights: what the loop
// as written computes, however y and x overlap
__attribute__((noinline)) void plain(float *y, const float *xv) {
  for (int i = 0; i < R; i++) {
    y[i] = 0.0f;
    for (int j = 0; j < C; j++)
      y[i] += Wf[i][j] * xv[j];
  }
}

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
  printf("may alias, apart: %s\n", memcmp(ya, ref, sizeof ref) ? "differs" : "equal");
  for (int i = 0; i < R; i++)
    ya[i] = (float)i;
  accumulate_may_alias(ya, x);
  int same = 0;
  for (int i = 0; i < R; i++)
    same += ya[i] == (float)i + ref[i]; /* init + the row's product */
  printf("y = y + ..., apart: %d/%d\n", same, R);

  /* y inside x: each row's store changes what later rows (and this row,
   * at y[i]'s place in x) read.  The loop as written, every row. */
  affq_dequantize(q, &Wf[0][0], R * C, &p); /* the weights the loop sees */
  float buf[2][C + R], *b;
  for (int k = 0; k < 2; k++) {
    for (int j = 0; j < C + R; j++)
      buf[k][j] = (float)(j % 7) - 3.0f;
    b = buf[k];
    if (k == 0)
      in_memory_may_alias(b + 5, b);
    else
      plain(b + 5, b);
  }
  printf("overlapping: %s\n", memcmp(buf[0], buf[1], sizeof buf[0]) ? "differs" : "equal");
  /* and not a copy of the kernel's answer: the rows read changed x */
  for (int j = 0; j < C + R; j++)
    buf[1][j] = (float)(j % 7) - 3.0f;
  affq_gemv_q8f32(q, &p, 0, R, C, buf[1], ref, 0);
  printf("overlapping, kernel's answer: %s\n", memcmp(buf[0] + 5, ref, sizeof ref) ? "differs" : "equal");
  return 0;
}
// CHECK: restrict: equal
// CHECK: global: equal
// CHECK: may alias, apart: equal
// CHECK: y = y + ..., apart: 12/12
// CHECK: overlapping: equal
// CHECK: overlapping, kernel's answer: differs
