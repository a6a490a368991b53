// Each dispatched kernel computes what its definition in affq.h says, on the
// path this machine picks (isa-identical.c shows the other paths agree):
//   quantize_rows    = affq_quantize of each row with its own params
//   requantize       = quantize_value(dequantize_value(q, pin), pout)
//   minmax           ignores NaN, keeps +-Inf, returns zero as +0.0
//   choose_*_f32     = affq_choose_qparams(min, max) per tensor / per row
//   dot_q8q8         = the exact integer sum (checked against int64)
//   dot_q8f32        = s * the lane-ordered float sum, and within the float
//                      rounding bound of the exact (double) sum
//   gemv float       = s_w[r] * dot_q8f32 of row r, bit for bit
//   gemv dynamic     = (float)dot_q8q8(W[r], quantize(x)) * (s_w[r] * s_x)
//   gemm             row i = gemv of row i of X, bit for bit, both modes
//   quant_error_stats = error_stats_f32 against the dequantized copy, bit for bit
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s
// CHECK: quantize_rows: ok
// CHECK-NEXT: requantize: ok
// CHECK-NEXT: minmax: -3 inf, 0 0, 0 0
// CHECK-NEXT: choose: ok
// CHECK-NEXT: dot_q8q8: ok
// CHECK-NEXT: dot_q8f32: ok
// CHECK-NEXT: gemv float: ok
// CHECK-NEXT: gemv dynamic: ok
// CHECK-NEXT: gemm: ok
// CHECK-NEXT: quant_error_stats: ok
#include "affq.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROWS = 37, COLS = 531, M = 9 };

static uint64_t rng = 88172645463325252ull;
static float uniform(float lo, float hi) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return lo + (hi - lo) * (float)((rng >> 11) * 0x1.0p-53);
}

static int failures;
static void verdict(const char *what, int bad) {
  printf("%s: %s\n", what, bad ? "FAILED" : "ok");
  failures += bad != 0;
}

static int same(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }

int main(void) {
  static float x[ROWS * COLS], xd[ROWS * COLS], X[M * COLS], y[M * ROWS], y2[ROWS];
  static int8_t w[ROWS * COLS], w2[ROWS * COLS];
  static uint8_t u[ROWS * COLS];
  affq_qparams pr[ROWS], p1;
  int bad = 0;
  for (int i = 0; i < ROWS * COLS; i++)
    x[i] = uniform(-1, 1) * (float)(1 + i / COLS); /* each row its own scale */
  for (int i = 0; i < M * COLS; i++)
    X[i] = uniform(-3, 2);

  /* per row */
  affq_choose_qparams_rows_f32(x, ROWS, COLS, 8, 1, AFFQ_SYMMETRIC, pr);
  affq_quantize_rows(x, w, ROWS, COLS, pr);
  for (int r = 0; r < ROWS; r++) {
    affq_quantize(x + r * COLS, w2 + r * COLS, COLS, &pr[r]);
    float lo = INFINITY, hi = -INFINITY;
    for (int c = 0; c < COLS; c++)
      lo = fminf(lo, x[r * COLS + c]), hi = fmaxf(hi, x[r * COLS + c]);
    affq_qparams want;
    affq_choose_qparams(lo, hi, 8, 1, AFFQ_SYMMETRIC, &want);
    bad |= !same(&want, &pr[r], sizeof want);
  }
  verdict("quantize_rows", !same(w, w2, sizeof w));
  int choose_bad = bad;

  /* requantize int8 -> uint8 with other params */
  affq_qparams pu;
  affq_choose_qparams(-0.7f, 2.1f, 6, 0, AFFQ_AFFINE, &pu);
  affq_requantize(w, &pr[0], u, &pu, COLS);
  bad = 0;
  for (int c = 0; c < COLS; c++)
    bad |= u[c] != affq_quantize_value(affq_dequantize_value(w[c], &pr[0]), &pu);
  verdict("requantize", bad);

  /* minmax */
  float a[] = {NAN, 2, -3, INFINITY, NAN}, z[] = {-0.0f, 0.0f, -0.0f}, nz[] = {-0.0f}, mn, mx;
  affq_minmax_f32(a, 5, &mn, &mx);
  printf("minmax: %g %g, ", mn, mx);
  affq_minmax_f32(z, 3, &mn, &mx);
  printf("%g %g, ", mn, mx);
  affq_minmax_f32(nz, 1, &mn, &mx);
  printf("%g %g\n", mn, mx); /* -0.0 prints as "-0" */

  /* per tensor over the first row */
  float lo = INFINITY, hi = -INFINITY;
  for (int c = 0; c < COLS; c++)
    lo = fminf(lo, x[c]), hi = fmaxf(hi, x[c]);
  affq_qparams want1;
  affq_choose_qparams_f32(x, COLS, 5, 0, AFFQ_AFFINE, &p1);
  affq_choose_qparams(lo, hi, 5, 0, AFFQ_AFFINE, &want1);
  choose_bad |= !same(&p1, &want1, sizeof p1);
  verdict("choose", choose_bad);

  /* dot_q8q8 against int64 */
  bad = 0;
  for (int r = 0; r + 1 < ROWS; r++) {
    int32_t got;
    affq_dot_q8q8(w + r * COLS, &pr[r], u, &pu, COLS, &got);
    int64_t exact = 0;
    for (int c = 0; c < COLS; c++)
      exact += (int64_t)(w[r * COLS + c] - pr[r].zero_point) * (u[c] - pu.zero_point);
    bad |= got != exact;
  }
  verdict("dot_q8q8", bad);

  /* dot_q8f32: lane-ordered float sum, close to the exact sum */
  bad = 0;
  for (int r = 0; r < ROWS; r++) {
    float got;
    affq_dot_q8f32(w + r * COLS, &pr[r], X, COLS, &got);
    double exact = 0, mag = 0;
    for (int c = 0; c < COLS; c++) {
      double t = (double)(w[r * COLS + c] - pr[r].zero_point) * X[c];
      exact += t;
      mag += fabs(t);
    }
    exact *= pr[r].scale;
    mag *= pr[r].scale;
    /* n roundings of relative 2^-24 each, on terms summing to mag */
    bad |= fabs(got - exact) > (COLS + 2) * 0x1p-24 * mag;
  }
  verdict("dot_q8f32", bad);

  /* gemv float = per-row dot */
  affq_gemv_q8f32(w, pr, 1, ROWS, COLS, X, y2, 0);
  bad = 0;
  for (int r = 0; r < ROWS; r++) {
    float d;
    affq_dot_q8f32(w + r * COLS, &pr[r], X, COLS, &d);
    bad |= !same(&d, &y2[r], sizeof d);
  }
  verdict("gemv float", bad);

  /* gemv dynamic = explicit quantize of x, integer dot, one scaling */
  affq_gemv_q8f32(w, pr, 1, ROWS, COLS, X, y2, AFFQ_DYNAMIC);
  affq_qparams px;
  static uint8_t xq[COLS];
  affq_choose_qparams_f32(X, COLS, 8, 0, AFFQ_AFFINE, &px);
  affq_quantize(X, xq, COLS, &px);
  bad = 0;
  for (int r = 0; r < ROWS; r++) {
    int32_t acc;
    affq_dot_q8q8(w + r * COLS, &pr[r], xq, &px, COLS, &acc);
    float want = (float)acc * (pr[r].scale * px.scale);
    bad |= !same(&want, &y2[r], sizeof want);
  }
  verdict("gemv dynamic", bad);

  /* gemm rows = gemv, both modes, per tensor too */
  bad = 0;
  for (int flags = 0; flags <= AFFQ_DYNAMIC; flags++)
    for (int per_row = 0; per_row < 2; per_row++) {
      affq_gemm_q8f32(w, pr, per_row, ROWS, COLS, X, M, y, flags);
      for (int i = 0; i < M; i++) {
        affq_gemv_q8f32(w, pr, per_row, ROWS, COLS, X + i * COLS, y2, flags);
        bad |= !same(y2, y + i * ROWS, sizeof y2);
      }
    }
  verdict("gemm", bad);

  /* fused stats = stats of the dequantized copy */
  affq_error_stats s1, s2;
  x[5] = NAN;
  affq_quantize(x, w, COLS, &pr[0]);
  affq_dequantize(w, xd, COLS, &pr[0]);
  affq_quant_error_stats(x, w, COLS, &pr[0], &s1);
  affq_error_stats_f32(x, xd, COLS, &s2);
  verdict("quant_error_stats", !same(&s1, &s2, sizeof s1) || s1.n != COLS - 1);
  return failures != 0;
}
