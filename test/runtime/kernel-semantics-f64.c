// Each dispatched double function computes what its definition in affq.h
// says, on the path this machine picks (isa-identical-f64.c shows the other
// paths agree; sanitizers.test runs this on each):
//   quantize_f64 / dequantize_f64 = the value functions, element by element;
//   dequantize_f64 is exact for codes (an FMA of the product with its
//     negation is 0), and rounded to float it is affq_dequantize;
//   the error of quantize then dequantize within the range is at most
//     s/2 + |x| 2^-53 (the quotient's one rounding);
//   quantize_f64 of a float x is affq_quantize's code or one step away, and
//     only where the float quotient lies within a float rounding of a
//     half-way point;
//   _rows forms = each row with its own parameters;
//   minmax_f64 ignores NaN, keeps +-Inf, returns zero as +0.0;
//   choose_qparams_f64 = affq_choose_qparams on the outward float bounds:
//     they hold every value, the next float inward does not, and on float
//     data they are the float min and max (= choose_qparams_f32);
//   dot_q8f64 = s * this file's own lane-ordered sum, bit for bit, and
//     within the rounding bound of the exact sum (long double);
//   gemv_q8f64 = s_r * dot of row r, per row and per tensor, bit for bit.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s
// CHECK: elementwise: ok
// CHECK-NEXT: dequantize exact: ok
// CHECK-NEXT: half-step bound: ok
// CHECK-NEXT: float and double codes: ok (5726 of 200000 one step apart, all at half-way points)
// CHECK-NEXT: rows: ok
// CHECK-NEXT: minmax: -3 inf, 0 0, 0 0
// CHECK-NEXT: choose: ok
// CHECK-NEXT: dot_q8f64: ok
// CHECK-NEXT: gemv_q8f64: ok
#include "affq.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROWS = 37, COLS = 531, N = ROWS * COLS };

static uint64_t rng = 88172645463325252ull;
static uint64_t next64(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return rng;
}
static double uniform(double lo, double hi) {
  return lo + (hi - lo) * ((double)(next64() >> 11) * 0x1p-53);
}

static int failures;
static void verdict(const char *what, int bad) {
  printf("%s: %s\n", what, bad ? "FAILED" : "ok");
  failures += bad != 0;
}

static int same(const void *a, const void *b, size_t n) { return memcmp(a, b, n) == 0; }

static affq_qparams params(unsigned c, double lo, double hi) {
  affq_qparams p;
  if (affq_choose_qparams((float)lo, (float)hi, 2 + (int)(c % 7), c & 1,
                          (c & 2) ? AFFQ_SYMMETRIC : AFFQ_AFFINE, &p))
    abort();
  return p;
}

/* This file's own dot: lane i % 32, then the pairwise tree. */
static double lane_dot(const void *q, const affq_qparams *p, const double *x, size_t n) {
  double lane[32] = {0};
  for (size_t i = 0; i < n; i++) {
    int32_t c = p->qmin < 0 ? ((const int8_t *)q)[i] : ((const uint8_t *)q)[i];
    lane[i % 32] += (double)(c - p->zero_point) * x[i];
  }
  for (int w = 16; w >= 1; w /= 2)
    for (int j = 0; j < w; j++)
      lane[j] += lane[j + w];
  return (double)p->scale * lane[0];
}

int main(void) {
  static double x[N], xd[N], xd2[N];
  static uint8_t q[N], q2[N];
  int bad = 0;

  /* element-wise: the arrays are the value functions, all four cases */
  for (unsigned c = 0; c < 28; c++) {
    affq_qparams p = params(c, -uniform(0.1, 10), uniform(0.1, 10));
    for (int i = 0; i < COLS; i++)
      x[i] = uniform(-12, 12);
    x[3] = NAN, x[7] = INFINITY, x[11] = -INFINITY, x[13] = -0.0;
    affq_quantize_f64(x, q, COLS, &p);
    affq_dequantize_f64(q, xd, COLS, &p);
    for (int i = 0; i < COLS; i++) {
      int32_t code = p.qmin < 0 ? (int8_t)q[i] : q[i];
      double v = affq_dequantize_value_f64(code, &p);
      bad |= code != affq_quantize_value_f64(x[i], &p) || !same(&v, &xd[i], sizeof v);
    }
  }
  verdict("elementwise", bad);

  /* dequantize: exact for every code, and (float) of it is the float one */
  bad = 0;
  for (unsigned c = 0; c < 400; c++) {
    affq_qparams p = params(c, -pow(10, uniform(-30, 30)), pow(10, uniform(-30, 30)));
    for (int32_t code = p.qmin; code <= p.qmax; code++) {
      double v = affq_dequantize_value_f64(code, &p);
      bad |= fma((double)(code - p.zero_point), (double)p.scale, -v) != 0.0;
      bad |= (float)v != affq_dequantize_value(code, &p);
    }
  }
  verdict("dequantize exact", bad);

  /* |x' - x| <= s/2 + |x| 2^-53 within the range: x' = k s is exact, and
   * k is x / s's correctly rounded quotient, rounded (docs/math.md); the
   * difference is exact too (Sterbenz, or x' = 0).  2^-52: the bound's own
   * add may round. */
  bad = 0;
  for (unsigned c = 0; c < 200; c++) {
    affq_qparams p = params(c, -pow(10, uniform(-6, 6)), pow(10, uniform(-6, 6)));
    double lo = (double)(p.qmin - p.zero_point) * p.scale, hi = (double)(p.qmax - p.zero_point) * p.scale;
    for (int i = 0; i < 1000; i++) {
      double v = uniform(lo, hi);
      double e = fabs(affq_dequantize_value_f64(affq_quantize_value_f64(v, &p), &p) - v);
      bad |= e > (double)p.scale / 2 + fabs(v) * 0x1p-52;
    }
  }
  verdict("half-step bound", bad);

  /* float x: the double code is the float code unless the float quotient
   * rounded onto or across a half-way point (then one step apart) */
  bad = 0;
  long apart = 0;
  for (unsigned c = 0; c < 200; c++) {
    affq_qparams p = params(c, -uniform(0.1, 10), uniform(0.1, 10));
    for (int i = 0; i < 1000; i++) {
      /* half the values exactly half-way in double: ties (k + 0.5) s as floats */
      float v = (i & 1) ? (float)uniform(-12, 12)
                        : (float)(((double)(int)(next64() % 512) - 256.5) * p.scale);
      int32_t a = affq_quantize_value(v, &p), b = affq_quantize_value_f64(v, &p);
      if (a != b) {
        double t = (double)v / (double)p.scale, half = floor(t) + 0.5;
        apart++;
        bad |= abs(a - b) != 1 || fabs(t - half) > fabs(t) * 0x1p-23;
      }
    }
  }
  printf("float and double codes: %s (%ld of 200000 one step apart, all at half-way points)\n",
         bad ? "FAILED" : "ok", apart);
  failures += bad != 0;

  /* per row */
  affq_qparams pr[ROWS], pr2[ROWS];
  for (int i = 0; i < N; i++)
    x[i] = uniform(-1, 1) * (1 + i / COLS); /* each row its own scale */
  affq_choose_qparams_rows_f64(x, ROWS, COLS, 8, 1, AFFQ_SYMMETRIC, pr);
  affq_quantize_rows_f64(x, q, ROWS, COLS, pr);
  affq_dequantize_rows_f64(q, xd, ROWS, COLS, pr);
  bad = 0;
  for (int r = 0; r < ROWS; r++) {
    affq_choose_qparams_f64(x + r * COLS, COLS, 8, 1, AFFQ_SYMMETRIC, &pr2[r]);
    affq_quantize_f64(x + r * COLS, q2 + r * COLS, COLS, &pr[r]);
    affq_dequantize_f64(q2 + r * COLS, xd2 + r * COLS, COLS, &pr[r]);
  }
  verdict("rows", !same(pr, pr2, sizeof pr) || !same(q, q2, sizeof q) || !same(xd, xd2, sizeof xd));

  /* minmax */
  double a[] = {NAN, 2, -3, INFINITY, NAN}, z[] = {-0.0, 0.0, -0.0}, nz[] = {-0.0}, mn, mx;
  affq_minmax_f64(a, 5, &mn, &mx);
  printf("minmax: %g %g, ", mn, mx);
  affq_minmax_f64(z, 3, &mn, &mx);
  printf("%g %g, ", mn, mx);
  affq_minmax_f64(nz, 1, &mn, &mx);
  printf("%g %g\n", mn, mx); /* -0.0 would print as "-0" */

  /* choose: the outward bounds hold every value and are the tightest */
  bad = 0;
  for (unsigned c = 0; c < 300; c++) {
    size_t n = 1 + next64() % 200;
    double mag = pow(10, uniform(-44, 38));
    for (size_t i = 0; i < n; i++)
      x[i] = uniform(-mag, mag);
    affq_qparams got, want;
    affq_minmax_f64(x, n, &mn, &mx);
    float lo = nextafterf((float)mn, -INFINITY), hi = nextafterf((float)mx, INFINITY);
    while (nextafterf(lo, INFINITY) <= mn) /* the largest float <= mn */
      lo = nextafterf(lo, INFINITY);
    while (nextafterf(hi, -INFINITY) >= mx) /* the smallest float >= mx */
      hi = nextafterf(hi, -INFINITY);
    int bits = 2 + (int)(c % 7), sg = c & 1;
    affq_scheme sch = (c & 2) ? AFFQ_SYMMETRIC : AFFQ_AFFINE;
    int e1 = affq_choose_qparams_f64(x, n, bits, sg, sch, &got);
    int e2 = affq_choose_qparams(lo, hi, bits, sg, sch, &want);
    bad |= e1 != e2 || (!e1 && !same(&got, &want, sizeof got));
    bad |= !(lo <= mn && hi >= mx);
    /* float data: the bounds are its min and max, as the float API takes */
    static float xf[200];
    for (size_t i = 0; i < n; i++)
      xf[i] = (float)x[i], x[i] = xf[i];
    e1 = affq_choose_qparams_f64(x, n, bits, sg, sch, &got);
    e2 = affq_choose_qparams_f32(xf, n, bits, sg, sch, &want);
    bad |= e1 != e2 || (!e1 && !same(&got, &want, sizeof got));
  }
  verdict("choose", bad);

  /* dot: the lane order, bit for bit; close to the exact sum */
  bad = 0;
  for (int r = 0; r < ROWS; r++)
    for (int i = 0; i < COLS; i++)
      x[r * COLS + i] = uniform(-1, 1) * pow(10, uniform(-8, 8));
  for (unsigned c = 0; c < 200; c++) {
    size_t n = next64() % 1100;
    affq_qparams p = params(c, -uniform(0.1, 3), uniform(0.1, 3));
    for (size_t i = 0; i < n; i++)
      q[i] = (uint8_t)(p.qmin + (int32_t)(next64() % (uint64_t)(p.qmax - p.qmin + 1)));
    double got, want = lane_dot(q, &p, x, n);
    affq_dot_q8f64(q, &p, x, n, &got);
    long double exact = 0, mag = 0;
    for (size_t i = 0; i < n; i++) {
      int32_t code = p.qmin < 0 ? (int8_t)q[i] : q[i];
      long double t = (long double)(code - p.zero_point) * x[i];
      exact += t, mag += fabsl(t);
    }
    exact *= p.scale, mag *= p.scale;
    bad |= !same(&got, &want, sizeof got);
    bad |= fabsl(got - exact) > (n + 2) * 0x1p-53L * mag;
  }
  verdict("dot_q8f64", bad);

  /* gemv = the rows' dots, per row and per tensor */
  static double y[ROWS];
  bad = 0;
  affq_choose_qparams_rows_f64(x, ROWS, COLS, 8, 0, AFFQ_AFFINE, pr);
  affq_quantize_rows_f64(x, q, ROWS, COLS, pr);
  for (int per_row = 0; per_row < 2; per_row++) {
    affq_gemv_q8f64(q, pr, per_row, ROWS, COLS, x + 5, y, 0);
    for (int r = 0; r < ROWS; r++) {
      double d;
      affq_dot_q8f64(q + r * COLS, per_row ? &pr[r] : &pr[0], x + 5, COLS, &d);
      bad |= !same(&d, &y[r], sizeof d);
    }
  }
  verdict("gemv_q8f64", bad);
  return failures != 0;
}
