// Weights that an inner loop reads again on every iteration of the loop
// around it (a filter's taps) are not a kernel call per output: they are
// dequantized once before the outer loop (the runtime's affq_dequantize, the
// one definition of the math), and the loop runs on floats, vectorized.
// Each output must equal the float sum of the dequantized taps times the
// input, up to the reordering the mark allows (n 2^-23 sum|w'x|), and be
// within the documented bound of the float filter; the same on every path.
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

#define K1 18
#define K2 33
#define N 1000

AFFQ_RANGE(-1.0f, 1.0f) static float taps[K1];
AFFQ_RANGE(-2.0f, 3.0f) static float wide[K2];
static float tapsf[K1], widef[K2];
static float in[N + K2], out1[N], out2[N], out3[N];

// IR-LABEL: define {{.*}}void @fir18(
// IR: call i32 @affq_dequantize(ptr {{.*}}@taps, ptr nonnull %{{.*}}, i64 18,
// IR-NOT: affq_loop_product
// IR: ret void
__attribute__((noinline)) void fir18(int n) {
  AFFQ_LOOP
  for (int i = 0; i < n; i++) {
    float acc = 0.0f;
    for (int k = 0; k < K1; k++)
      acc += taps[k] * in[i + k];
    out1[i] = acc;
  }
}
// REMARK: inline-reused.c:[[@LINE-8]]:1: remark: marked loop: dot product stays inline (its sum may be reordered), not a kernel call: the loop around it reads the same 18 weights on every iteration{{.*}}; the weights are dequantized once, before the loop around it [-Rpass=affq]

/* the taps second, a bias first, 33 of them */
__attribute__((noinline)) void fir33(const float *restrict x, float *restrict y, int n) {
  AFFQ_LOOP
  for (int i = 0; i < n; i++) {
    float acc = 0.5f;
    for (int k = 0; k < K2; k++)
      acc += x[i + k] * wide[k];
    y[i] = acc;
  }
}
// REMARK: inline-reused.c:[[@LINE-8]]:1: remark: marked loop: dot product stays inline {{.*}} the same 33 weights {{.*}}dequantized once

/* kernel=on: the call per output, as asked */
// IR-LABEL: define {{.*}}void @fir18_kernel(
// IR: call void @affq_loop_product(
__attribute__((noinline)) void fir18_kernel(int n) {
  AFFQ_LOOP_OPTS("kernel=on")
  for (int i = 0; i < n; i++) {
    float acc = 0.0f;
    for (int k = 0; k < K1; k++)
      acc += taps[k] * in[i + k];
    out3[i] = acc;
  }
}
// REMARK: inline-reused.c:[[@LINE-8]]:1: remark: marked loop: dot product runs on the int8 kernel

static unsigned seed = 777;
static float uniform(float lo, float hi) {
  seed = seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xFFFF) / 65535.0f;
}

static int failures;

/* y against the dequantized filter (reordering bound) and the float one */
static void check(const char *what, const float *y, const float *wd, const float *wf, int k,
                  float bias, double s) {
  int tight = 0, loose = 0;
  for (int i = 0; i < N; i++) {
    double e = bias, ef = bias, awx = fabs(bias), ax = 0;
    for (int j = 0; j < k; j++) {
      e += (double)wd[j] * in[i + j];
      ef += (double)wf[j] * in[i + j];
      awx += fabs((double)wd[j] * in[i + j]);
      ax += fabs(in[i + j]);
    }
    tight += fabs(y[i] - e) <= (k + 1) * 0x1p-23 * awx + 1e-30;
    loose += fabs(y[i] - ef) <= ax * s / 2 + (k + 1) * 0x1p-23 * awx + 1e-30;
  }
  printf("%s: %d/%d within reordering of the dequantized filter, %d/%d within the bound of "
         "float\n", what, tight, N, loose, N);
  failures += tight != N || loose != N;
}

int main(void) {
  for (int k = 0; k < K1; k++)
    taps[k] = tapsf[k] = uniform(-1.0f, 1.0f);
  for (int k = 0; k < K2; k++)
    wide[k] = widef[k] = uniform(-2.0f, 3.0f);
  for (int i = 0; i < N + K2; i++)
    in[i] = uniform(-4.0f, 4.0f);
  fir18(N);
  fir33(in, out2, N);
  fir18_kernel(N);
  affq_qparams p1, p2;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p1);
  affq_choose_qparams(-2.0f, 3.0f, 8, 1, AFFQ_AFFINE, &p2);
  int8_t q1[K1], q2[K2];
  float d1[K1], d2[K2];
  affq_quantize(tapsf, q1, K1, &p1);
  affq_quantize(widef, q2, K2, &p2);
  affq_dequantize(q1, d1, K1, &p1);
  affq_dequantize(q2, d2, K2, &p2);
  check("fir18", out1, d1, tapsf, K1, 0.0f, p1.scale);
  check("fir33", out2, d2, widef, K2, 0.5f, p2.scale);
  check("fir18 kernel=on", out3, d1, tapsf, K1, 0.0f, p1.scale);
  printf("%d failures\n", failures);
  return failures != 0;
}
// CHECK: fir18: 1000/1000 within reordering of the dequantized filter, 1000/1000 within the bound of float
// CHECK: fir33: 1000/1000 within reordering of the dequantized filter, 1000/1000 within the bound of float
// CHECK: fir18 kernel=on: 1000/1000 within reordering of the dequantized filter, 1000/1000 within the bound of float
// CHECK: 0 failures
