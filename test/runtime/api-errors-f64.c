// The double API's bad arguments give the float API's error codes, and
// nothing is written: NULL arrays (but n = 0 may be NULL), NULL parameters
// or outputs, invalid parameters (scale, zero point, code range), rows of
// mixed signedness, rows * cols overflowing size_t, no value to take a
// range from, a range beyond float, and any GEMV flag (no dynamic mode in
// double).
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s --match-full-lines
#include "affq.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SHOW(call) printf("%-62s -> %d\n", #call, call)

int main(void) {
  affq_qparams p = {0.5f, 3, -128, 127}, ok = {0.5f, 0, -128, 127}, out = {9.0f, 9, 9, 9};
  affq_qparams rows2[2] = {{0.5f, 0, -128, 127}, {0.0f, 0, -128, 127}};
  affq_qparams mixed[2] = {{0.5f, 0, -128, 127}, {0.5f, 0, 0, 255}};
  double x[2] = {1, 2}, y[2] = {7, 7}, mn = 7, mx = 7;
  const double nans[2] = {NAN, NAN}, huge[2] = {1e300, 0}, inf[2] = {INFINITY, 0};
  signed char q[2] = {0x55, 0x55};
  SHOW(affq_quantize_f64(NULL, q, 2, &p));
  // CHECK: affq_quantize_f64(NULL, q, 2, &p)                               -> -1
  SHOW(affq_quantize_f64(x, NULL, 2, &p));
  // CHECK-NEXT: affq_quantize_f64(x, NULL, 2, &p)                               -> -1
  SHOW(affq_quantize_f64(NULL, NULL, 0, &p));
  // CHECK-NEXT: affq_quantize_f64(NULL, NULL, 0, &p)                            -> 0
  SHOW(affq_quantize_f64(x, q, 2, NULL));
  // CHECK-NEXT: affq_quantize_f64(x, q, 2, NULL)                                -> -1
  SHOW(affq_dequantize_f64(q, NULL, 2, &p));
  // CHECK-NEXT: affq_dequantize_f64(q, NULL, 2, &p)                             -> -1
  SHOW(affq_dequantize_f64(NULL, y, 2, &p));
  // CHECK-NEXT: affq_dequantize_f64(NULL, y, 2, &p)                             -> -1
  p.zero_point = 200;
  SHOW(affq_quantize_f64(x, q, 2, &p));
  // CHECK-NEXT: affq_quantize_f64(x, q, 2, &p)                                  -> -6
  p = (affq_qparams){0.5f, 0, 5, 5};
  SHOW(affq_dequantize_f64(q, y, 2, &p));
  // CHECK-NEXT: affq_dequantize_f64(q, y, 2, &p)                                -> -7
  p = (affq_qparams){0.5f, 0, -1, 200};
  SHOW(affq_quantize_f64(x, q, 2, &p));
  // CHECK-NEXT: affq_quantize_f64(x, q, 2, &p)                                  -> -7
  p = (affq_qparams){-0.5f, 0, -128, 127};
  SHOW(affq_dequantize_f64(q, y, 2, &p));
  // CHECK-NEXT: affq_dequantize_f64(q, y, 2, &p)                                -> -5
  p = (affq_qparams){NAN, 0, -128, 127};
  SHOW(affq_quantize_f64(x, q, 2, &p));
  // CHECK-NEXT: affq_quantize_f64(x, q, 2, &p)                                  -> -5
  p = (affq_qparams){INFINITY, 0, -128, 127};
  SHOW(affq_dequantize_f64(q, y, 2, &p));
  // CHECK-NEXT: affq_dequantize_f64(q, y, 2, &p)                                -> -5

  /* per row */
  SHOW(affq_quantize_rows_f64(x, q, 2, 1, rows2));
  // CHECK-NEXT: affq_quantize_rows_f64(x, q, 2, 1, rows2)                       -> -5
  SHOW(affq_quantize_rows_f64(x, q, 2, 1, mixed));
  // CHECK-NEXT: affq_quantize_rows_f64(x, q, 2, 1, mixed)                       -> -7
  SHOW(affq_quantize_rows_f64(x, q, SIZE_MAX, 2, rows2));
  // CHECK-NEXT: affq_quantize_rows_f64(x, q, SIZE_MAX, 2, rows2)                -> -11
  SHOW(affq_quantize_rows_f64(x, q, 2, 1, NULL));
  // CHECK-NEXT: affq_quantize_rows_f64(x, q, 2, 1, NULL)                        -> -1
  SHOW(affq_quantize_rows_f64(NULL, q, 2, 1, rows2));
  // CHECK-NEXT: affq_quantize_rows_f64(NULL, q, 2, 1, rows2)                    -> -1
  SHOW(affq_dequantize_rows_f64(q, y, 2, 1, rows2));
  // CHECK-NEXT: affq_dequantize_rows_f64(q, y, 2, 1, rows2)                     -> -5
  SHOW(affq_dequantize_rows_f64(q, y, 3, SIZE_MAX / 2, rows2));
  // CHECK-NEXT: affq_dequantize_rows_f64(q, y, 3, SIZE_MAX / 2, rows2)          -> -11
  SHOW(affq_dequantize_rows_f64(q, NULL, 2, 1, rows2));
  // CHECK-NEXT: affq_dequantize_rows_f64(q, NULL, 2, 1, rows2)                  -> -1

  /* ranges */
  SHOW(affq_minmax_f64(x, 0, &mn, &mx));
  // CHECK-NEXT: affq_minmax_f64(x, 0, &mn, &mx)                                 -> -8
  SHOW(affq_minmax_f64(nans, 2, &mn, &mx));
  // CHECK-NEXT: affq_minmax_f64(nans, 2, &mn, &mx)                              -> -8
  SHOW(affq_minmax_f64(NULL, 2, &mn, &mx));
  // CHECK-NEXT: affq_minmax_f64(NULL, 2, &mn, &mx)                              -> -1
  SHOW(affq_minmax_f64(x, 2, NULL, &mx));
  // CHECK-NEXT: affq_minmax_f64(x, 2, NULL, &mx)                                -> -1
  SHOW(affq_minmax_f64(x, 2, &mn, NULL));
  // CHECK-NEXT: affq_minmax_f64(x, 2, &mn, NULL)                                -> -1
  SHOW(affq_choose_qparams_f64(nans, 2, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_f64(nans, 2, 8, 1, AFFQ_AFFINE, &out)       -> -8
  SHOW(affq_choose_qparams_f64(NULL, 2, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_f64(NULL, 2, 8, 1, AFFQ_AFFINE, &out)       -> -1
  SHOW(affq_choose_qparams_f64(x, 2, 1, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_f64(x, 2, 1, 1, AFFQ_AFFINE, &out)          -> -2
  SHOW(affq_choose_qparams_f64(x, 2, 9, 0, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_f64(x, 2, 9, 0, AFFQ_AFFINE, &out)          -> -2
  SHOW(affq_choose_qparams_f64(x, 2, 8, 1, (affq_scheme)7, &out));
  // CHECK-NEXT: affq_choose_qparams_f64(x, 2, 8, 1, (affq_scheme)7, &out)       -> -3
  SHOW(affq_choose_qparams_f64(huge, 2, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_f64(huge, 2, 8, 1, AFFQ_AFFINE, &out)       -> -4
  SHOW(affq_choose_qparams_f64(inf, 2, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_f64(inf, 2, 8, 1, AFFQ_AFFINE, &out)        -> -4
  SHOW(affq_choose_qparams_f64(x, 2, 8, 1, AFFQ_AFFINE, NULL));
  // CHECK-NEXT: affq_choose_qparams_f64(x, 2, 8, 1, AFFQ_AFFINE, NULL)          -> -1
  SHOW(affq_choose_qparams_rows_f64(x, SIZE_MAX, 2, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_rows_f64(x, SIZE_MAX, 2, 8, 1, AFFQ_AFFINE, &out) -> -11
  SHOW(affq_choose_qparams_rows_f64(x, 2, 1, 8, 1, AFFQ_AFFINE, NULL));
  // CHECK-NEXT: affq_choose_qparams_rows_f64(x, 2, 1, 8, 1, AFFQ_AFFINE, NULL)  -> -1
  SHOW(affq_choose_qparams_rows_f64(nans, 2, 1, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_rows_f64(nans, 2, 1, 8, 1, AFFQ_AFFINE, &out) -> -8

  /* products */
  double dot = 7;
  SHOW(affq_dot_q8f64(q, &ok, x, 2, NULL));
  // CHECK-NEXT: affq_dot_q8f64(q, &ok, x, 2, NULL)                              -> -1
  SHOW(affq_dot_q8f64(q, &ok, NULL, 2, &dot));
  // CHECK-NEXT: affq_dot_q8f64(q, &ok, NULL, 2, &dot)                           -> -1
  SHOW(affq_dot_q8f64(NULL, &ok, x, 2, &dot));
  // CHECK-NEXT: affq_dot_q8f64(NULL, &ok, x, 2, &dot)                           -> -1
  SHOW(affq_dot_q8f64(q, NULL, x, 2, &dot));
  // CHECK-NEXT: affq_dot_q8f64(q, NULL, x, 2, &dot)                             -> -1
  SHOW(affq_dot_q8f64(q, &rows2[1], x, 2, &dot));
  // CHECK-NEXT: affq_dot_q8f64(q, &rows2[1], x, 2, &dot)                        -> -5
  SHOW(affq_gemv_q8f64(NULL, &ok, 0, 2, 1, x, y, 0));
  // CHECK-NEXT: affq_gemv_q8f64(NULL, &ok, 0, 2, 1, x, y, 0)                    -> -1
  SHOW(affq_gemv_q8f64(q, &ok, 0, 2, 1, NULL, y, 0));
  // CHECK-NEXT: affq_gemv_q8f64(q, &ok, 0, 2, 1, NULL, y, 0)                    -> -1
  SHOW(affq_gemv_q8f64(q, &ok, 0, 2, 1, x, NULL, 0));
  // CHECK-NEXT: affq_gemv_q8f64(q, &ok, 0, 2, 1, x, NULL, 0)                    -> -1
  SHOW(affq_gemv_q8f64(q, NULL, 0, 2, 1, x, y, 0));
  // CHECK-NEXT: affq_gemv_q8f64(q, NULL, 0, 2, 1, x, y, 0)                      -> -1
  SHOW(affq_gemv_q8f64(q, rows2, 1, 2, 1, x, y, 0));
  // CHECK-NEXT: affq_gemv_q8f64(q, rows2, 1, 2, 1, x, y, 0)                     -> -5
  SHOW(affq_gemv_q8f64(q, mixed, 1, 2, 1, x, y, 0));
  // CHECK-NEXT: affq_gemv_q8f64(q, mixed, 1, 2, 1, x, y, 0)                     -> -7
  SHOW(affq_gemv_q8f64(q, &ok, 0, SIZE_MAX, 2, x, y, 0));
  // CHECK-NEXT: affq_gemv_q8f64(q, &ok, 0, SIZE_MAX, 2, x, y, 0)                -> -11
  SHOW(affq_gemv_q8f64(q, &ok, 0, 2, 1, x, y, AFFQ_DYNAMIC));
  // CHECK-NEXT: affq_gemv_q8f64(q, &ok, 0, 2, 1, x, y, AFFQ_DYNAMIC)            -> -12
  SHOW(affq_gemv_q8f64(q, &ok, 0, 2, 1, x, y, 4));
  // CHECK-NEXT: affq_gemv_q8f64(q, &ok, 0, 2, 1, x, y, 4)                       -> -12
  /* a size error is reported before a flags error, as in the float GEMV */
  SHOW(affq_gemv_q8f64(NULL, &ok, 0, 2, 1, x, y, 4));
  // CHECK-NEXT: affq_gemv_q8f64(NULL, &ok, 0, 2, 1, x, y, 4)                    -> -1
  /* empty products are fine, with NULL for the empty arrays */
  SHOW(affq_gemv_q8f64(NULL, &ok, 0, 0, 5, x, NULL, 0));
  // CHECK-NEXT: affq_gemv_q8f64(NULL, &ok, 0, 0, 5, x, NULL, 0)                 -> 0
  SHOW(affq_dot_q8f64(NULL, &ok, NULL, 0, &dot));
  // CHECK-NEXT: affq_dot_q8f64(NULL, &ok, NULL, 0, &dot)                        -> 0
  printf("empty dot: %g\n", dot);
  // CHECK-NEXT: empty dot: 0

  /* nothing was written by a failed call */
  printf("untouched: q %d %d, y %g %g, min %g max %g, out %g %d\n", q[0], q[1], y[0], y[1], mn, mx,
         out.scale, out.zero_point);
  // CHECK-NEXT: untouched: q 85 85, y 7 7, min 7 max 7, out 9 9
  return 0;
}
