// Products with dimensions known only at run time, as real code writes them:
// llama2.c's matmul (pointers, n and d parameters, w[i * n + j]) and a C99
// array parameter (float a[rows][cols]).  The rows loop stays (the store to
// the result may write x: nothing says it cannot), and each row is one dot
// product call, bit for bit the runtime API's per-row product of the same
// codes, and within the documented bound of float.
//
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
// RUN: %clang %t.o %affq_rt -lm -o %t
// RUN: env AFFQ_ISA=scalar %t > %t.scalar
// RUN: %t > %t.best
// RUN: FileCheck %s < %t.best
// RUN: cmp %t.scalar %t.best
#include "affq.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define D 37
#define N 288

AFFQ_RANGE(-1.0f, 1.0f) static float W[D * N];
// REMARK: runtime-dims.c:[[@LINE-1]]:1: remark: quantized 'W'
AFFQ_RANGE(-2.0f, 2.0f) static float A[D][N];
// REMARK: runtime-dims.c:[[@LINE-1]]:1: remark: quantized 'A'
static float Wf[D * N], Af[D][N], x[N], ya[D], yb[D];

// The copy of matmul for W: one call per row, of a run-time length.
// IR-LABEL: define internal {{.*}}@matmul.affq(
// IR: call void @affq_loop_product(i32 0, ptr %{{.*}}, ptr {{.*}}@affq.qparams{{.*}}, i32 0, i64 1, i64 %{{.*}}, ptr {{.*}}, i64 1, ptr
// IR-NOT: load i8
// IR: ret void
__attribute__((noinline)) void matmul(float *xout, float *xv, float *w, int n, int d) {
  int i;
  AFFQ_LOOP
  for (i = 0; i < d; i++) {
    float val = 0.0f;
    for (int j = 0; j < n; j++)
      val += w[i * n + j] * xv[j];
    xout[i] = val;
  }
}
// REMARK: runtime-dims.c:[[@LINE-8]]:1: remark: marked loop: dot product runs on the int8 kernel; not larger: the loop around it moves through the codes by a stride known only at run time, so each of its iterations is one call

__attribute__((noinline)) void mv(int rows, int cols, float y[rows], const float a[rows][cols],
                                  const float xv[cols]) {
  AFFQ_LOOP
  for (int i = 0; i < rows; i++) {
    float acc = 0.0f;
    for (int j = 0; j < cols; j++)
      acc += a[i][j] * xv[j];
    y[i] = acc;
  }
}
// REMARK: runtime-dims.c:[[@LINE-8]]:1: remark: marked loop: dot product runs on the int8 kernel

static unsigned seed = 4242;
static float uniform(float lo, float hi) {
  seed = seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xFFFF) / 65535.0f;
}

static int failures;

static void check(const char *what, const float *y, const float *wf, float lo, float hi) {
  affq_qparams p;
  static int8_t q[D * N];
  float ref[D];
  affq_choose_qparams(lo, hi, 8, 1, AFFQ_AFFINE, &p);
  affq_quantize(wf, q, D * N, &p);
  int equal = 0, within = 0;
  for (int i = 0; i < D; i++) {
    affq_gemv_q8f32(q + i * N, &p, 0, 1, N, x, &ref[i], 0);
    equal += !memcmp(&y[i], &ref[i], sizeof(float));
    double e = 0, ax = 0, awx = 0;
    for (int j = 0; j < N; j++) {
      e += (double)wf[i * N + j] * x[j];
      ax += fabs(x[j]);
      awx += fabs(wf[i * N + j] * x[j]) + fabs(x[j]) * p.scale;
    }
    within += fabs(y[i] - e) <= ax * p.scale / 2 + N * 0x1p-23 * awx + 1e-30;
  }
  printf("%s: %d/%d equal to the runtime's per-row product, %d/%d within the bound\n", what, equal,
         D, within, D);
  failures += equal != D || within != D;
}

int main(void) {
  for (int i = 0; i < D * N; i++)
    W[i] = Wf[i] = uniform(-1.0f, 1.0f);
  for (int i = 0; i < D; i++)
    for (int j = 0; j < N; j++)
      A[i][j] = Af[i][j] = uniform(-2.0f, 2.0f);
  for (int j = 0; j < N; j++)
    x[j] = uniform(-3.0f, 3.0f);
  volatile int n = N, d = D; /* known only at run time */
  matmul(ya, x, W, n, d);
  mv(d, n, yb, A, x);
  check("matmul", ya, Wf, -1.0f, 1.0f);
  check("C99 array parameter", yb, &Af[0][0], -2.0f, 2.0f);
  return failures != 0;
}
// CHECK: matmul: 37/37 equal to the runtime's per-row product, 37/37 within the bound
// CHECK: C99 array parameter: 37/37 equal to the runtime's per-row product, 37/37 within the bound
