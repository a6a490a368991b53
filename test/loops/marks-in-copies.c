// A marker is judged once over all its copies: the user's function and the
// copies affq makes of it for the quantized arrays it is called with.
//  - AFFQ_KERNEL on a function that receives the quantized array as a
//    parameter acts in the copy, as AFFQ_LOOP does;
//  - no "touches no quantized array" warning beside the remark that the same
//    loop runs on the kernel (the user's copy, called with floats, touches
//    none; the warning is for markers no copy of which touches one).
// The products equal the runtime API on the same codes, bit for bit.
//
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2> %t.diag
// RUN: FileCheck %s --check-prefix=REMARK < %t.diag
// RUN: FileCheck %s --check-prefix=WARN --implicit-check-not='warning: affq' < %t.diag
// RUN: %clang %t.o %affq_rt -lm -o %t
// RUN: %t | FileCheck %s
#include "affq.h"

#include <stdio.h>
#include <string.h>

#define R 24
#define C 40

AFFQ_RANGE(-1.0f, 1.0f) static float W[R * C];
// REMARK: marks-in-copies.c:[[@LINE-1]]:1: remark: quantized 'W'
static float F[R * C]; /* a float matrix passed to the same functions */
static float x[C], y1[R], y2[R], yf[R];

AFFQ_KERNEL __attribute__((noinline)) static void mv(float *restrict y, const float *restrict w,
                                                      const float *restrict xv) {
  for (int i = 0; i < R; i++) {
    float acc = 0.0f;
    for (int j = 0; j < C; j++)
      acc += w[i * C + j] * xv[j];
    y[i] = acc;
  }
}
// REMARK: marks-in-copies.c:[[@LINE-9]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) static void mv_loop(float *restrict y, const float *restrict w,
                                              const float *restrict xv) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    float acc = 0.0f;
    for (int j = 0; j < C; j++)
      acc += w[i * C + j] * xv[j];
    y[i] = acc;
  }
}
// REMARK: marks-in-copies.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

/* no copy of this one touches a quantized array: warned, once */
AFFQ_KERNEL __attribute__((noinline)) static float total(const float *v) {
  float s = 0.0f;
  for (int i = 0; i < C; i++)
    s += v[i];
  return s;
}
// WARN: marks-in-copies.c:[[@LINE-6]]:1: warning: affq: AFFQ_KERNEL function 'total' has no loop that touches a quantized array

int main(void) {
  unsigned seed = 99;
  for (int i = 0; i < R * C; i++) {
    seed = seed * 1103515245u + 12345u;
    W[i] = F[i] = (float)((seed >> 8) & 0xFFFF) / 32767.5f - 1.0f;
  }
  for (int j = 0; j < C; j++)
    x[j] = (float)(j % 7) - 3.0f;
  mv(y1, W, x);
  mv_loop(y2, W, x);
  mv(yf, F, x); /* the user's copy, on floats */
  mv_loop(yf, F, x);

  /* the reference: the runtime's product of the same codes */
  affq_qparams p;
  int8_t q[R * C];
  float ref[R];
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  affq_quantize(F, q, R * C, &p);
  affq_gemv_q8f32(q, &p, 0, R, C, x, ref, 0);
  printf("kernel in the copy: %s\n", memcmp(y1, ref, sizeof ref) ? "differs" : "equal");
  printf("loop in the copy: %s\n", memcmp(y2, ref, sizeof ref) ? "differs" : "equal");
  printf("total %.1f\n", total(x));
  return 0;
}
// CHECK: kernel in the copy: equal
// CHECK: loop in the copy: equal
// CHECK: total -{{[0-9.]+}}
