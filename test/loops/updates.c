// Updates of a float array with products of a quantized one, in the loop
// orders real code uses (with a batch loop only under kernel=on: by default
// rows of A that each read all of B stay inline, as the last case checks): the i-k-j matrix product C[i][j] += A[i][k] *
// B[k][j] (j innermost: an axpy over a row of B) and bicg's transposed
// update s[j] += r[k] * B[k][j].  Each nest becomes the runtime's transposed
// product Y = A B and C += Y * alpha, bit for bit what the runtime API gives
// on the same codes, and within the documented bound of float.
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

#define M 6
#define K 24
#define N 40

AFFQ_RANGE(-1.0f, 1.0f) static float B[K][N];
// REMARK: updates.c:[[@LINE-1]]:1: remark: quantized 'B'
AFFQ_RANGE_OPTS(-2.0f, 2.0f, "per_row") static float P[K][N];
// REMARK: updates.c:[[@LINE-1]]:1: remark: quantized 'P'
static float Bf[K][N], Pf[K][N], A[M][K], Aw[M][K + 3], r[K];
static float C1[M][N], C2[M][N], C3[M][N], C4[M][N], s1[N], s2[N], C0[M][N], s0[N];

__attribute__((noinline)) void gemm_ikj(void) {
  AFFQ_LOOP_OPTS("kernel=on")
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++)
      for (int j = 0; j < N; j++)
        C1[i][j] += A[i][k] * B[k][j];
}
// REMARK: updates.c:[[@LINE-6]]:1: remark: marked loop: transposed matrix product (an update C += A B, B quantized) runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) void gemm_ikj_alpha(float alpha) {
  AFFQ_LOOP_OPTS("kernel=on")
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++)
      for (int j = 0; j < N; j++)
        C2[i][j] = C2[i][j] + alpha * A[i][k] * B[k][j];
}
// REMARK: updates.c:[[@LINE-6]]:1: remark: marked loop: transposed matrix product (an update C += A B, B quantized) runs on the int8 kernel [-Rpass=affq]

/* rows of A longer than K: no batch call, one call per row of A */
__attribute__((noinline)) void gemm_ikj_wide(void) {
  AFFQ_LOOP_OPTS("kernel=on")
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++)
      for (int j = 0; j < N; j++)
        C3[i][j] += Aw[i][k] * B[k][j];
}
// REMARK: updates.c:[[@LINE-6]]:1: remark: marked loop: transposed matrix-vector product (an update C += A B, B quantized) runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) void gemm_ikj_per_row(void) {
  AFFQ_LOOP_OPTS("kernel=on")
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++)
      for (int j = 0; j < N; j++)
        C4[i][j] += A[i][k] * P[k][j];
}
// REMARK: updates.c:[[@LINE-6]]:1: remark: marked loop: transposed matrix product (an update C += A B, B quantized) (per-row weights) runs on the int8 kernel [-Rpass=affq]

__attribute__((noinline)) void bicg(void) {
  AFFQ_LOOP
  for (int k = 0; k < K; k++)
    for (int j = 0; j < N; j++)
      s1[j] += r[k] * B[k][j];
}
// REMARK: updates.c:[[@LINE-5]]:1: remark: marked loop: transposed matrix-vector product (an update C += A B, B quantized) runs on the int8 kernel [-Rpass=affq]

/* by default, rows of A that each read all of B: the loop stays inline */
__attribute__((noinline)) void gemm_ikj_default(float (*restrict c)[N], const float (*restrict a)[K]) {
  AFFQ_LOOP
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K; k++)
      for (int j = 0; j < N; j++)
        c[i][j] += a[i][k] * B[k][j];
}
// REMARK: updates.c:[[@LINE-6]]:1: remark: marked loop: transposed matrix product (an update C += A B, B quantized) stays inline, not a kernel call: each row of A reads all of B again, which stays in cache, and the transposed kernel would lose to the loop as written (kernel=on calls it anyway) [-Rpass=affq]

/* s may be r: refused, with the reason */
__attribute__((noinline)) void bicg_may_alias(float *s, const float *rv) {
  AFFQ_LOOP
  for (int k = 0; k < K; k++)
    for (int j = 0; j < N; j++)
      s[j] += rv[k] * B[k][j];
}
// REMARK: updates.c:[[@LINE-5]]:1: remark: marked loop stays element-wise: an update C[i][j] += A[i][k] * B[k][j], no product kernel: the array updated, parameter 1 of 'bicg_may_alias', may be parameter 2 of 'bicg_may_alias', which the update reads (declare the pointers restrict, or use distinct arrays) [-Rpass-missed=affq]

static unsigned seed = 1618;
static float uniform(float lo, float hi) {
  seed = seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xFFFF) / 65535.0f;
}

static int failures;

/* c against c0 + y * alpha (bit for bit), and the float update's bound */
static void check(const char *what, const float *c, const float *c0, const float *y, float alpha,
                  const float *a, int lda, const float *wf, float s, int m) {
  int equal = 0, within = 0;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < N; j++) {
      float t = y[i * N + j] * alpha;
      float ref = c0[i * N + j] + t;
      equal += !memcmp(&c[i * N + j], &ref, sizeof ref);
      double e = c0[i * N + j], ax = 0, awx = fabs(c0[i * N + j]);
      for (int k = 0; k < K; k++) {
        double av = (double)alpha * a[i * lda + k];
        e += av * wf[k * N + j];
        ax += fabs(av);
        awx += fabs(av * wf[k * N + j]) + fabs(av) * s;
      }
      within += fabs(c[i * N + j] - e) <= ax * s / 2 + (K + 2) * 0x1p-23 * awx + 1e-30;
    }
  printf("%s: %d/%d equal to the runtime, %d/%d within the bound\n", what, equal, m * N, within,
         m * N);
  failures += equal != m * N || within != m * N;
}

int main(void) {
  for (int k = 0; k < K; k++)
    for (int j = 0; j < N; j++) {
      B[k][j] = Bf[k][j] = uniform(-1.0f, 1.0f);
      P[k][j] = Pf[k][j] = uniform(-2.0f, 2.0f);
    }
  for (int i = 0; i < M; i++)
    for (int k = 0; k < K + 3; k++) {
      Aw[i][k] = uniform(-3.0f, 3.0f);
      if (k < K)
        A[i][k] = Aw[i][k];
    }
  for (int k = 0; k < K; k++)
    r[k] = uniform(-2.0f, 2.0f);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++)
      C0[i][j] = C1[i][j] = C2[i][j] = C3[i][j] = C4[i][j] = uniform(-5.0f, 5.0f);
  for (int j = 0; j < N; j++)
    s0[j] = s1[j] = s2[j] = uniform(-5.0f, 5.0f);
  volatile float alpha = 0.625f;
  gemm_ikj();
  gemm_ikj_alpha(alpha);
  gemm_ikj_wide();
  gemm_ikj_per_row();
  bicg();
  bicg_may_alias(s2, r);

  affq_qparams p, pp, prow[K];
  static int8_t qb[K * N], qp[K * N];
  float y[M * N], yw[M * N], yp[M * N], ys[N];
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  affq_choose_qparams(-2.0f, 2.0f, 8, 1, AFFQ_AFFINE, &pp);
  for (int k = 0; k < K; k++)
    prow[k] = pp;
  affq_quantize(&Bf[0][0], qb, K * N, &p);
  affq_quantize(&Pf[0][0], qp, K * N, &pp);
  affq_gemm_t_q8f32(qb, &p, 0, K, N, &A[0][0], M, y, 0);
  for (int i = 0; i < M; i++)
    affq_gemm_t_q8f32(qb, &p, 0, K, N, Aw[i], 1, yw + i * N, 0);
  affq_gemm_t_q8f32(qp, prow, 1, K, N, &A[0][0], M, yp, 0);
  affq_gemm_t_q8f32(qb, &p, 0, K, N, r, 1, ys, 0);
  check("i-k-j", &C1[0][0], &C0[0][0], y, 1.0f, &A[0][0], K, &Bf[0][0], p.scale, M);
  check("i-k-j alpha", &C2[0][0], &C0[0][0], y, alpha, &A[0][0], K, &Bf[0][0], p.scale, M);
  check("i-k-j wide A", &C3[0][0], &C0[0][0], yw, 1.0f, &Aw[0][0], K + 3, &Bf[0][0], p.scale, M);
  check("i-k-j per row", &C4[0][0], &C0[0][0], yp, 1.0f, &A[0][0], K, &Pf[0][0], pp.scale, M);
  check("bicg", s1, s0, ys, 1.0f, r, K, &Bf[0][0], p.scale, 1);
  /* element-wise: the exact quantized update, within the bound (not the
   * runtime's order) */
  int within = 0;
  for (int j = 0; j < N; j++) {
    double e = s0[j], ax = 0, awx = fabs(s0[j]);
    for (int k = 0; k < K; k++)
      e += (double)r[k] * Bf[k][j], ax += fabs(r[k]), awx += fabs(r[k] * Bf[k][j]) + fabs(r[k]) * p.scale;
    within += fabs(s2[j] - e) <= ax * p.scale / 2 + (K + 2) * 0x1p-23 * awx + 1e-30;
  }
  printf("bicg element-wise: %d/%d within the bound\n", within, N);
  failures += within != N;
  return failures != 0;
}
// CHECK: i-k-j: 240/240 equal to the runtime, 240/240 within the bound
// CHECK: i-k-j alpha: 240/240 equal to the runtime, 240/240 within the bound
// CHECK: i-k-j wide A: 240/240 equal to the runtime, 240/240 within the bound
// CHECK: i-k-j per row: 240/240 equal to the runtime, 240/240 within the bound
// CHECK: bicg: 40/40 equal to the runtime, 40/40 within the bound
// CHECK: bicg element-wise: 40/40 within the bound
