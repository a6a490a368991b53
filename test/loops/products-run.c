// Marked product loops run on the runtime's kernels, and give exactly what
// the runtime API gives for the same codes (the pass calls it), on the scalar
// path and on the best path alike; each result is also within the documented
// error bound of the float product:
//   weights only:  |y - y*| <= (s_w/2) sum|x| + n 2^-23 sum|w' x| + 1e-30
//   dynamic:       |y - y*| <= (s_w/2) sum|x| + (s_x/2) sum|w'| + n 2^-23 sum|w' x'|
// (w' and x' are the dequantized operands; the last term is float rounding.)
//
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang %t.o %affq_rt -lm -o %t
// RUN: env AFFQ_ISA=scalar %t > %t.scalar
// RUN: %t > %t.best
// RUN: FileCheck %s < %t.best
// RUN: cmp %t.scalar %t.best
// Without the plugin the same source is float, and the markers do nothing:
// RUN: %clang -O2 -DFLOAT_BUILD -I%S/../../include %s %affq_rt -lm -o %t.float
// RUN: %t.float | FileCheck %s --check-prefix=FLOAT
#include "affq.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define R 40  /* rows of W */
#define C 72  /* columns of W */
#define M 5   /* rows of X */

AFFQ_RANGE(-1.5f, 1.0f) static float W[R][C];
// REMARK: products-run.c:[[@LINE-1]]:1: remark: quantized 'W'
AFFQ_RANGE_OPTS(-2.0f, 2.0f, "per_row") static float P[R][C];
// REMARK: products-run.c:[[@LINE-1]]:1: remark: quantized 'P'
AFFQ_RANGE_OPTS(-2.0f, 2.0f, "symmetric,per_row") static float S[R][C]; /* zero points all 0 */
// REMARK: products-run.c:[[@LINE-1]]:1: remark: quantized 'S'
AFFQ_RANGE(-1.0f, 1.0f) static float T[C][R]; /* read down its columns */
// REMARK: products-run.c:[[@LINE-1]]:1: remark: quantized 'T'
static float Wf[R][C], Pf[R][C], Sf[R][C], Tf[C][R]; /* the same values, float */
static float y_sym[R];
static float x[C], X[M][C], bias[R];
static float y_gemv[R], y_dyn[R], y_row[R], y_t[R], Y[M][R], Y_dyn[M][R], Y_t[M][R], y_pt[C], d_bias;

static void gemv(void) {
  AFFQ_LOOP
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += W[r][c] * x[c];
    y_gemv[r] = acc;
  }
}
// REMARK: products-run.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

static void gemv_dynamic(void) {
  AFFQ_LOOP_OPTS("dynamic")
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += W[r][c] * x[c];
    y_dyn[r] = acc;
  }
}
// REMARK: products-run.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel, x quantized on each call [-Rpass=affq]

static void gemv_per_row(void) {
  AFFQ_LOOP
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += P[r][c] * x[c];
    y_row[r] = acc;
  }
}
// REMARK: products-run.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product (per-row weights) runs on the int8 kernel [-Rpass=affq]

/* signed symmetric per-row weights: their zero points are all 0 (a
 * zeroinitializer, which the stage once took for a reshaped dequantization) */
static void gemv_per_row_symmetric(void) {
  AFFQ_LOOP
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += S[r][c] * x[c];
    y_sym[r] = acc;
  }
}
// REMARK: products-run.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product (per-row weights) runs on the int8 kernel [-Rpass=affq]

static void gemv_transposed(void) {
  AFFQ_LOOP
  for (int j = 0; j < R; j++) {
    float acc = 0.0f;
    for (int k = 0; k < C; k++)
      acc += T[k][j] * x[k];
    y_t[j] = acc;
  }
}
// REMARK: products-run.c:[[@LINE-8]]:1: remark: marked loop: transposed matrix-vector product runs on the int8 kernel [-Rpass=affq]

static AFFQ_KERNEL void gemm(void) {
  for (int i = 0; i < M; i++)
    for (int r = 0; r < R; r++) {
      float acc = 0.0f;
      for (int c = 0; c < C; c++)
        acc += X[i][c] * W[r][c];
      Y[i][r] = acc;
    }
}
// REMARK: products-run.c:[[@LINE-9]]:1: remark: marked loop: matrix product runs on the int8 kernel [-Rpass=affq]

static AFFQ_KERNEL_OPTS("dynamic") void gemm_dynamic(void) {
  for (int r = 0; r < R; r++) /* rows outside, batch inside: the same product */
    for (int i = 0; i < M; i++) {
      float acc = 0.0f;
      for (int c = 0; c < C; c++)
        acc += X[i][c] * W[r][c];
      Y_dyn[i][r] = acc;
    }
}
// REMARK: products-run.c:[[@LINE-9]]:1: remark: marked loop: matrix product runs on the int8 kernel, x quantized on each call [-Rpass=affq]

static AFFQ_KERNEL_OPTS("dynamic") void gemm_transposed(void) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < R; j++) {
      float acc = 0.0f;
      for (int k = 0; k < C; k++)
        acc += X[i][k] * T[k][j];
      Y_t[i][j] = acc;
    }
}
// REMARK: products-run.c:[[@LINE-9]]:1: remark: marked loop: transposed matrix product runs on the int8 kernel, x quantized on each call [-Rpass=affq]

static void gemv_transposed_per_row(void) {
  AFFQ_LOOP_OPTS("dynamic")
  for (int j = 0; j < C; j++) {
    float acc = 0.0f;
    for (int k = 0; k < R; k++)
      acc += P[k][j] * bias[k];
    y_pt[j] = acc;
  }
}
// REMARK: products-run.c:[[@LINE-8]]:1: remark: marked loop: transposed matrix-vector product (per-row weights) runs on the int8 kernel, x quantized on each call [-Rpass=affq]

static float dot_with_bias(int r) {
  float acc = bias[r];
  AFFQ_LOOP
  for (int c = 0; c < C; c++)
    acc += W[r][c] * x[c];
  return acc;
}
// REMARK: products-run.c:[[@LINE-5]]:1: remark: marked loop: dot product runs on the int8 kernel [-Rpass=affq]

/* x starts at an offset known only at run time (no pointer parameter):
 * scalar evolution gives a start of @xs + 4 * base */
static float xs[2 * C], y_at[R];
static void gemv_at(int base) {
  AFFQ_LOOP
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += W[r][c] * xs[base + c];
    y_at[r] = acc;
  }
}
// REMARK: products-run.c:[[@LINE-8]]:1: remark: marked loop: matrix-vector product runs on the int8 kernel [-Rpass=affq]

/* a trip count known only at run time, possibly 0 */
float dot_n(int r, int n) {
  float acc = bias[r];
  AFFQ_LOOP
  for (int c = 0; c < n; c++)
    acc += W[r][c] * x[c];
  return acc;
}
// REMARK: products-run.c:[[@LINE-5]]:1: remark: marked loop: dot product runs on the int8 kernel [-Rpass=affq]

static unsigned seed = 12345;
static float uniform(float lo, float hi) {
  seed = seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xFFFF) / 65535.0f;
}

static int failures;

/* y (from the pass) against ref (the runtime API, same codes): bit for bit;
 * and against the float product within the bound. */
static void check(const char *what, const float *y, const float *ref, const double *exact,
                  const double *bound, int n) {
  int equal = 0, within = 0;
  double worst = 0;
  for (int i = 0; i < n; i++) {
    equal += memcmp(&y[i], &ref[i], sizeof(float)) == 0;
    double err = fabs((double)y[i] - exact[i]);
    within += err <= bound[i];
    if (err / bound[i] > worst)
      worst = err / bound[i];
  }
  printf("%s: %d/%d equal to the runtime, %d/%d within the bound (worst %.2f of it)\n", what,
         equal, n, within, n, worst);
  failures += equal != n || within != n;
}

/* The float product and its bound, for W (rows x cols, row stride ws, col
 * stride 1) or transposed; s: the weight scale of each row (per row) */
static void exact_and_bound(const float *wf, const float *wq, int rows, int cols, int rs, int cs,
                            const float *xv, const float *s, int per_row, double sx, double *exact,
                            double *bound) {
  for (int r = 0; r < rows; r++) {
    double e = 0, ax = 0, aw = 0, awx = 0;
    for (int c = 0; c < cols; c++) {
      double w = wf[r * rs + c * cs], q = wq[r * rs + c * cs];
      e += w * xv[c];
      ax += fabs(xv[c]) * (s[per_row ? (cs == 1 ? r : c) : 0] / 2);
      aw += fabs(q);
      awx += fabs(q * xv[c]) + fabs(q) * sx;
    }
    exact[r] = e;
    bound[r] = ax + aw * sx / 2 + cols * 0x1p-23 * awx + 1e-30;
  }
}

int main(void) {
  for (int r = 0; r < R; r++)
    for (int c = 0; c < C; c++) {
      W[r][c] = Wf[r][c] = uniform(-1.5f, 1.0f);
      P[r][c] = Pf[r][c] = uniform(-2.0f, 2.0f) * (float)(r + 1) / R;
      S[r][c] = Sf[r][c] = uniform(-2.0f, 2.0f);
      T[c][r] = Tf[c][r] = uniform(-1.0f, 1.0f);
    }
  for (int c = 0; c < C; c++) {
    x[c] = uniform(-3.0f, 3.0f);
    for (int i = 0; i < M; i++)
      X[i][c] = uniform(-1.0f, 2.0f);
  }
  for (int r = 0; r < R; r++)
    bias[r] = uniform(-1.0f, 1.0f);
  gemv();
  gemv_dynamic();
  gemv_per_row();
  gemv_per_row_symmetric();
  gemv_transposed();
  gemm();
  gemm_dynamic();
  gemm_transposed();
  gemv_transposed_per_row();
  d_bias = dot_with_bias(7);
  for (int c = 0; c < 2 * C; c++)
    xs[c] = uniform(-2.0f, 2.0f);
  volatile int offset = 17;
  gemv_at(offset);
  volatile int zero = 0, full = C;
  /* no iteration from -0.0f: the sum stays -0.0f (the loop's guard skips
   * the kernel call; -0.0f + 0.0f would be +0.0f) */
  float bias9 = bias[9];
  bias[9] = -0.0f;
  float d_empty = dot_n(9, zero), d_full = dot_n(7, full);
  bias[9] = bias9;

#ifndef FLOAT_BUILD
  /* the reference: the same codes made by the runtime, the same kernels */
  static int8_t wq[R * C], pq[R * C], tq[C * R];
  static float wd[R * C], pd[R * C], td[C * R];
  affq_qparams pw, pp, pt, px;
  affq_choose_qparams(-1.5f, 1.0f, 8, 1, AFFQ_AFFINE, &pw);
  affq_choose_qparams(-2.0f, 2.0f, 8, 1, AFFQ_AFFINE, &pp);
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &pt);
  affq_quantize(&Wf[0][0], wq, R * C, &pw);
  affq_quantize(&Pf[0][0], pq, R * C, &pp);
  affq_quantize(&Tf[0][0], tq, R * C, &pt);
  affq_dequantize(wq, wd, R * C, &pw);
  affq_dequantize(pq, pd, R * C, &pp);
  affq_dequantize(tq, td, R * C, &pt);
  affq_qparams prow[R];
  for (int r = 0; r < R; r++)
    prow[r] = pp;
  float ref[M * R];
  double exact[M * R], bound[M * R];
  float sw = pw.scale, sp[R], st = pt.scale;
  for (int r = 0; r < R; r++)
    sp[r] = pp.scale;

  affq_gemv_q8f32(wq, &pw, 0, R, C, x, ref, 0);
  exact_and_bound(&Wf[0][0], wd, R, C, C, 1, x, &sw, 0, 0, exact, bound);
  check("gemv", y_gemv, ref, exact, bound, R);

  affq_gemv_q8f32(wq, &pw, 0, R, C, x, ref, AFFQ_DYNAMIC);
  affq_choose_qparams_f32(x, C, 8, 0, AFFQ_AFFINE, &px);
  exact_and_bound(&Wf[0][0], wd, R, C, C, 1, x, &sw, 0, px.scale, exact, bound);
  check("gemv dynamic", y_dyn, ref, exact, bound, R);

  affq_gemv_q8f32(pq, prow, 1, R, C, x, ref, 0);
  exact_and_bound(&Pf[0][0], pd, R, C, C, 1, x, sp, 1, 0, exact, bound);
  check("gemv per row", y_row, ref, exact, bound, R);

  static int8_t sq[R * C];
  static float sd[R * C];
  affq_qparams ps, srow[R];
  float ss[R];
  affq_choose_qparams(-2.0f, 2.0f, 8, 1, AFFQ_SYMMETRIC, &ps);
  affq_quantize(&Sf[0][0], sq, R * C, &ps);
  affq_dequantize(sq, sd, R * C, &ps);
  for (int r = 0; r < R; r++)
    srow[r] = ps, ss[r] = ps.scale;
  affq_gemv_q8f32(sq, srow, 1, R, C, x, ref, 0);
  exact_and_bound(&Sf[0][0], sd, R, C, C, 1, x, ss, 1, 0, exact, bound);
  check("gemv per row symmetric", y_sym, ref, exact, bound, R);

  affq_gemv_t_q8f32(tq, &pt, 0, C, R, x, ref, 0);
  exact_and_bound(&Tf[0][0], td, R, C, 1, R, x, &st, 0, 0, exact, bound);
  check("gemv transposed", y_t, ref, exact, bound, R);

  affq_gemm_q8f32(wq, &pw, 0, R, C, &X[0][0], M, ref, 0);
  for (int i = 0; i < M; i++)
    exact_and_bound(&Wf[0][0], wd, R, C, C, 1, X[i], &sw, 0, 0, exact + i * R, bound + i * R);
  check("gemm", &Y[0][0], ref, exact, bound, M * R);

  affq_gemm_q8f32(wq, &pw, 0, R, C, &X[0][0], M, ref, AFFQ_DYNAMIC);
  for (int i = 0; i < M; i++) {
    affq_choose_qparams_f32(X[i], C, 8, 0, AFFQ_AFFINE, &px);
    exact_and_bound(&Wf[0][0], wd, R, C, C, 1, X[i], &sw, 0, px.scale, exact + i * R, bound + i * R);
  }
  check("gemm dynamic", &Y_dyn[0][0], ref, exact, bound, M * R);

  affq_gemm_t_q8f32(tq, &pt, 0, C, R, &X[0][0], M, ref, AFFQ_DYNAMIC);
  for (int i = 0; i < M; i++) {
    affq_choose_qparams_f32(X[i], C, 8, 0, AFFQ_AFFINE, &px);
    exact_and_bound(&Tf[0][0], td, R, C, 1, R, X[i], &st, 0, px.scale, exact + i * R, bound + i * R);
  }
  check("gemm transposed dynamic", &Y_t[0][0], ref, exact, bound, M * R);

  affq_gemv_t_q8f32(pq, prow, 1, R, C, bias, ref, AFFQ_DYNAMIC);
  affq_choose_qparams_f32(bias, R, 8, 0, AFFQ_AFFINE, &px);
  exact_and_bound(&Pf[0][0], pd, C, R, 1, C, bias, sp, 1, px.scale, exact, bound);
  check("gemv transposed per row dynamic", y_pt, ref, exact, bound, C);

  affq_gemv_q8f32(wq, &pw, 0, R, C, xs + 17, ref, 0);
  exact_and_bound(&Wf[0][0], wd, R, C, C, 1, xs + 17, &sw, 0, 0, exact, bound);
  check("gemv, x at a run-time offset", y_at, ref, exact, bound, R);

  float d;
  affq_gemv_q8f32(wq + 7 * C, &pw, 0, 1, C, x, &d, 0);
  ref[0] = bias[7] + d;
  exact_and_bound(&Wf[7][0], wd + 7 * C, 1, C, C, 1, x, &sw, 0, 0, exact, bound);
  exact[0] += bias[7];
  bound[0] += 0x1p-23 * fabs(exact[0]);
  check("dot with bias", &d_bias, ref, exact, bound, 1);
  check("dot, n known at run time", &d_full, ref, exact, bound, 1);
  int same = memcmp(&d_empty, &(float){-0.0f}, sizeof d_empty) == 0;
  printf("dot, n = 0 at run time: %s\n", same ? "the initial value, bit for bit" : "WRONG");
  failures += !same;
  /* a dynamic product whose float operand is all NaN has no range: the
   * float product runs instead, and gives NaN as the loop would */
  for (int c = 0; c < C; c++)
    x[c] = NAN;
  gemv_dynamic();
  int nans = 0;
  for (int r = 0; r < R; r++)
    nans += isnan(y_dyn[r]);
  printf("dynamic, all-NaN x: %d/%d NaN\n", nans, R);
  failures += nans != R;
#else
  /* float: the marked loop is the plain loop, bit for bit (the "runtime"
   * it is compared with here is this unmarked copy), and within float
   * rounding of the exact product, far inside the quantization error the
   * quantized build has */
  double exact[R], bound[R];
  float none = 0, plain_loop[R];
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < C; c++)
      acc += Wf[r][c] * x[c];
    plain_loop[r] = acc;
  }
  exact_and_bound(&Wf[0][0], &Wf[0][0], R, C, C, 1, x, &none, 0, 0, exact, bound);
  check("float gemv", y_gemv, plain_loop, exact, bound, R);
#endif
  printf("%s\n", failures ? "FAILED" : "all ok");
  return failures != 0;
}
// CHECK: gemv: 40/40 equal to the runtime, 40/40 within the bound
// CHECK: gemv dynamic: 40/40 equal to the runtime, 40/40 within the bound
// CHECK: gemv per row: 40/40 equal to the runtime, 40/40 within the bound
// CHECK: gemv per row symmetric: 40/40 equal to the runtime, 40/40 within the bound
// CHECK: gemv transposed: 40/40 equal to the runtime, 40/40 within the bound
// CHECK: gemm: 200/200 equal to the runtime, 200/200 within the bound
// CHECK: gemm dynamic: 200/200 equal to the runtime, 200/200 within the bound
// CHECK: gemm transposed dynamic: 200/200 equal to the runtime, 200/200 within the bound
// CHECK: gemv transposed per row dynamic: 72/72 equal to the runtime, 72/72 within the bound
// CHECK: gemv, x at a run-time offset: 40/40 equal to the runtime, 40/40 within the bound
// CHECK: dot with bias: 1/1 equal to the runtime, 1/1 within the bound
// CHECK: dot, n known at run time: 1/1 equal to the runtime, 1/1 within the bound
// CHECK: dot, n = 0 at run time: the initial value, bit for bit
// CHECK: dynamic, all-NaN x: 40/40 NaN
// CHECK: all ok
// FLOAT: float gemv: 40/40 equal to the runtime, 40/40 within the bound
// FLOAT: all ok
