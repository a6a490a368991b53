// Scalar factors in the sum's term, the same on every iteration of the inner
// loop (alpha * A[i][j] * x[j], alpha * (A[i][j] * x[j]), a per-row factor
// beta[i], two quantized arrays times alpha), are taken out of the sum:
// init + alpha * (the kernel's product).  Each result is bit for bit that,
// computed from the runtime API on the same codes, and within the bound of
// float.
//
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang %t.o %affq_rt -lm -o %t
// RUN: env AFFQ_ISA=scalar %t > %t.scalar
// RUN: %t > %t.best
// RUN: FileCheck %s < %t.best
// RUN: cmp %t.scalar %t.best
#include "affq.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define R 20
#define C 52

AFFQ_RANGE(-1.0f, 1.0f) static float A[R][C];
AFFQ_RANGE(-1.0f, 1.0f) static float B[C];
static float Af[R][C], Bf[C], x[C], beta[R];
static float ya[R], yb[R], yc[R], d4;

__attribute__((noinline)) void alpha_left(float alpha) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    float acc = 0.0f;
    for (int j = 0; j < C; j++)
      acc += alpha * A[i][j] * x[j];
    ya[i] = acc;
  }
}
// REMARK: scalar-factors.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) void alpha_outside(float alpha) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    float acc = 0.0f;
    for (int j = 0; j < C; j++)
      acc += alpha * (A[i][j] * x[j]);
    yb[i] = acc;
  }
}
// REMARK: scalar-factors.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) void per_row(void) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    float acc = 0.0f, b = beta[i];
    for (int j = 0; j < C; j++)
      acc += A[i][j] * x[j] * b;
    yc[i] = acc;
  }
}
// REMARK: scalar-factors.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) float both_quantized(float alpha) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int j = 0; j < C; j++)
    acc += alpha * A[3][j] * B[j];
  return acc;
}
// REMARK: scalar-factors.c:[[@LINE-5]]:1: remark: marked loop: dot product of two quantized arrays runs on the int8 kernel [-Rpass=affq]

static unsigned seed = 31337;
static float uniform(float lo, float hi) {
  seed = seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xFFFF) / 65535.0f;
}

static int failures;
static affq_qparams p;
static int8_t qa[R][C], qb[C];

/* y[i] against 0 + f_i * (the runtime's row product), and the float bound */
static void check(const char *what, const float *y, const float *f) {
  float row[R];
  affq_gemv_q8f32(qa, &p, 0, R, C, x, row, 0);
  int equal = 0, within = 0;
  for (int i = 0; i < R; i++) {
    float ref = 0.0f + row[i] * f[i];
    equal += !memcmp(&y[i], &ref, sizeof ref);
    double e = 0, ax = 0, awx = 0;
    for (int j = 0; j < C; j++) {
      e += (double)f[i] * Af[i][j] * x[j];
      ax += fabs(f[i] * x[j]);
      awx += fabs(f[i] * Af[i][j] * x[j]) + fabs(f[i] * x[j]) * p.scale;
    }
    within += fabs(y[i] - e) <= ax * p.scale / 2 + (C + 2) * 0x1p-23 * awx + 1e-30;
  }
  printf("%s: %d/%d equal, %d/%d within the bound\n", what, equal, R, within, R);
  failures += equal != R || within != R;
}

int main(void) {
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++)
      A[i][j] = Af[i][j] = uniform(-1.0f, 1.0f);
  for (int j = 0; j < C; j++) {
    B[j] = Bf[j] = uniform(-1.0f, 1.0f);
    x[j] = uniform(-2.0f, 2.0f);
  }
  for (int i = 0; i < R; i++)
    beta[i] = uniform(-3.0f, 3.0f);
  volatile float alpha = -1.75f;
  alpha_left(alpha);
  alpha_outside(alpha);
  per_row();
  d4 = both_quantized(alpha);

  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  affq_quantize(&Af[0][0], qa, R * C, &p);
  affq_quantize(Bf, qb, C, &p);
  float al[R];
  for (int i = 0; i < R; i++)
    al[i] = alpha;
  check("alpha * A * x", ya, al);
  check("alpha * (A * x)", yb, al);
  check("A * x * beta[i]", yc, beta);
  float ref4 = 0.0f + affq_loop_dot_q8q8(qa[3], &p, qb, &p, C) * alpha;
  printf("alpha * A * B: %s\n", memcmp(&d4, &ref4, sizeof ref4) ? "differs" : "equal");
  failures += memcmp(&d4, &ref4, sizeof ref4) != 0;
  return failures != 0;
}
// CHECK: alpha * A * x: 20/20 equal, 20/20 within the bound
// CHECK: alpha * (A * x): 20/20 equal, 20/20 within the bound
// CHECK: A * x * beta[i]: 20/20 equal, 20/20 within the bound
// CHECK: alpha * A * B: equal
