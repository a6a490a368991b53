// Bad arguments give the documented error code (and nothing is written);
// every code has its own message.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s --match-full-lines
#include "affq.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>

#define SHOW(call) printf("%-58s -> %d\n", #call, call)

int main(void) {
  affq_qparams p = {0.5f, 3, -128, 127}, out = {9.0f, 9, 9, 9};
  float x[2] = {1, 2};
  signed char q[2];
  SHOW(affq_choose_qparams(0, 1, 1, 1, AFFQ_AFFINE, &out));
  // CHECK: affq_choose_qparams(0, 1, 1, 1, AFFQ_AFFINE, &out)       -> -2
  SHOW(affq_choose_qparams(0, 1, 9, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams(0, 1, 9, 1, AFFQ_AFFINE, &out)       -> -2
  SHOW(affq_choose_qparams(0, 1, 8, 1, (affq_scheme)7, &out));
  // CHECK-NEXT: affq_choose_qparams(0, 1, 8, 1, (affq_scheme)7, &out)    -> -3
  SHOW(affq_choose_qparams(2, 1, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams(2, 1, 8, 1, AFFQ_AFFINE, &out)       -> -4
  SHOW(affq_choose_qparams(NAN, 1, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams(NAN, 1, 8, 1, AFFQ_AFFINE, &out)     -> -4
  SHOW(affq_choose_qparams(0, INFINITY, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams(0, INFINITY, 8, 1, AFFQ_AFFINE, &out) -> -4
  SHOW(affq_choose_qparams(-3e38f, 3e38f, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams(-3e38f, 3e38f, 8, 1, AFFQ_AFFINE, &out) -> -4
  SHOW(affq_choose_qparams(0, 1, 8, 1, AFFQ_AFFINE, NULL));
  // CHECK-NEXT: affq_choose_qparams(0, 1, 8, 1, AFFQ_AFFINE, NULL)       -> -1
  printf("untouched: %g %d\n", out.scale, out.zero_point);
  // CHECK-NEXT: untouched: 9 9
  SHOW(affq_make_qparams(0.0f, 0, 8, 1, &out));
  // CHECK-NEXT: affq_make_qparams(0.0f, 0, 8, 1, &out)                   -> -5
  SHOW(affq_make_qparams(-1.0f, 0, 8, 1, &out));
  // CHECK-NEXT: affq_make_qparams(-1.0f, 0, 8, 1, &out)                  -> -5
  SHOW(affq_make_qparams(INFINITY, 0, 8, 1, &out));
  // CHECK-NEXT: affq_make_qparams(INFINITY, 0, 8, 1, &out)               -> -5
  SHOW(affq_make_qparams(NAN, 0, 8, 1, &out));
  // CHECK-NEXT: affq_make_qparams(NAN, 0, 8, 1, &out)                    -> -5
  SHOW(affq_make_qparams(1.0f, 128, 8, 1, &out));
  // CHECK-NEXT: affq_make_qparams(1.0f, 128, 8, 1, &out)                 -> -6
  SHOW(affq_make_qparams(1.0f, -1, 8, 0, &out));
  // CHECK-NEXT: affq_make_qparams(1.0f, -1, 8, 0, &out)                  -> -6
  SHOW(affq_make_qparams(1.0f, 8, 4, 1, &out));
  // CHECK-NEXT: affq_make_qparams(1.0f, 8, 4, 1, &out)                   -> -6
  SHOW(affq_quantize(NULL, q, 2, &p));
  // CHECK-NEXT: affq_quantize(NULL, q, 2, &p)                            -> -1
  SHOW(affq_quantize(x, NULL, 2, &p));
  // CHECK-NEXT: affq_quantize(x, NULL, 2, &p)                            -> -1
  SHOW(affq_quantize(NULL, NULL, 0, &p));
  // CHECK-NEXT: affq_quantize(NULL, NULL, 0, &p)                         -> 0
  SHOW(affq_quantize(x, q, 2, NULL));
  // CHECK-NEXT: affq_quantize(x, q, 2, NULL)                             -> -1
  SHOW(affq_dequantize(q, NULL, 2, &p));
  // CHECK-NEXT: affq_dequantize(q, NULL, 2, &p)                          -> -1
  p.zero_point = 200;
  SHOW(affq_quantize(x, q, 2, &p));
  // CHECK-NEXT: affq_quantize(x, q, 2, &p)                               -> -6
  p = (affq_qparams){0.5f, 0, 5, 5};
  SHOW(affq_dequantize(q, x, 2, &p));
  // CHECK-NEXT: affq_dequantize(q, x, 2, &p)                             -> -7
  p = (affq_qparams){0.5f, 0, -1, 200};
  SHOW(affq_dequantize(q, x, 2, &p));
  // CHECK-NEXT: affq_dequantize(q, x, 2, &p)                             -> -7
  p = (affq_qparams){-0.5f, 0, -128, 127};
  SHOW(affq_dequantize(q, x, 2, &p));
  // CHECK-NEXT: affq_dequantize(q, x, 2, &p)                             -> -5
  /* The functions added with the kernels. */
  float mn, mx, y[2];
  int32_t dot;
  const float nans[2] = {NAN, NAN};
  affq_qparams ok = {0.5f, 0, -128, 127}, rows2[2] = {{0.5f, 0, -128, 127}, {0.0f, 0, -128, 127}};
  SHOW(affq_minmax_f32(x, 0, &mn, &mx));
  // CHECK-NEXT: affq_minmax_f32(x, 0, &mn, &mx)                          -> -8
  SHOW(affq_minmax_f32(nans, 2, &mn, &mx));
  // CHECK-NEXT: affq_minmax_f32(nans, 2, &mn, &mx)                       -> -8
  SHOW(affq_minmax_f32(NULL, 2, &mn, &mx));
  // CHECK-NEXT: affq_minmax_f32(NULL, 2, &mn, &mx)                       -> -1
  SHOW(affq_choose_qparams_f32(nans, 2, 8, 1, AFFQ_AFFINE, &out));
  // CHECK-NEXT: affq_choose_qparams_f32(nans, 2, 8, 1, AFFQ_AFFINE, &out) -> -8
  SHOW(affq_quantize_rows(x, q, 2, 1, rows2));
  // CHECK-NEXT: affq_quantize_rows(x, q, 2, 1, rows2)                    -> -5
  SHOW(affq_quantize_rows(x, q, SIZE_MAX, 2, rows2));
  // CHECK-NEXT: affq_quantize_rows(x, q, SIZE_MAX, 2, rows2)             -> -11
  SHOW(affq_requantize(q, &ok, q, NULL, 2));
  // CHECK-NEXT: affq_requantize(q, &ok, q, NULL, 2)                      -> -1
  SHOW(affq_dot_q8q8(q, &ok, q, &ok, 2, NULL));
  // CHECK-NEXT: affq_dot_q8q8(q, &ok, q, &ok, 2, NULL)                   -> -1
  SHOW(affq_dot_q8q8(q, &ok, NULL, &ok, 2, &dot));
  // CHECK-NEXT: affq_dot_q8q8(q, &ok, NULL, &ok, 2, &dot)                -> -1
  SHOW(affq_dot_q8f32(q, &rows2[1], x, 2, y));
  // CHECK-NEXT: affq_dot_q8f32(q, &rows2[1], x, 2, y)                    -> -5
  SHOW(affq_gemv_q8f32(q, rows2, 1, 2, 1, x, y, 0));
  // CHECK-NEXT: affq_gemv_q8f32(q, rows2, 1, 2, 1, x, y, 0)              -> -5
  SHOW(affq_gemv_q8f32(q, &ok, 0, 2, 1, x, y, 4));
  // CHECK-NEXT: affq_gemv_q8f32(q, &ok, 0, 2, 1, x, y, 4)                -> -12
  SHOW(affq_gemv_q8f32(q, &ok, 0, 1, 2, nans, y, AFFQ_DYNAMIC));
  // CHECK-NEXT: affq_gemv_q8f32(q, &ok, 0, 1, 2, nans, y, AFFQ_DYNAMIC)  -> -8
  SHOW(affq_gemm_q8f32(q, &ok, 0, 1, 2, x, SIZE_MAX, y, 0));
  // CHECK-NEXT: affq_gemm_q8f32(q, &ok, 0, 1, 2, x, SIZE_MAX, y, 0)      -> -11
  SHOW(affq_gemv_t_q8f32(NULL, &ok, 0, 2, 1, x, y, 0));
  // CHECK-NEXT: affq_gemv_t_q8f32(NULL, &ok, 0, 2, 1, x, y, 0)            -> -1
  SHOW(affq_gemv_t_q8f32(q, rows2, 1, 2, 1, x, y, 0));
  // CHECK-NEXT: affq_gemv_t_q8f32(q, rows2, 1, 2, 1, x, y, 0)            -> -5
  SHOW(affq_gemv_t_q8f32(q, &ok, 0, 2, 1, x, y, 4));
  // CHECK-NEXT: affq_gemv_t_q8f32(q, &ok, 0, 2, 1, x, y, 4)              -> -12
  SHOW(affq_gemv_t_q8f32(q, &ok, 0, 2, 1, nans, y, AFFQ_DYNAMIC));
  // CHECK-NEXT: affq_gemv_t_q8f32(q, &ok, 0, 2, 1, nans, y, AFFQ_DYNAMIC) -> -8
  SHOW(affq_gemm_t_q8f32(q, &ok, 0, 2, 1, x, SIZE_MAX, y, 0));
  // CHECK-NEXT: affq_gemm_t_q8f32(q, &ok, 0, 2, 1, x, SIZE_MAX, y, 0)    -> -11
  SHOW(affq_quant_error_stats(x, q, 2, &ok, NULL));
  // CHECK-NEXT: affq_quant_error_stats(x, q, 2, &ok, NULL)               -> -1
  SHOW(affq_isa_select("no-such-path"));
  // CHECK-NEXT: affq_isa_select("no-such-path")                          -> -9
  for (int code = 0; code >= -13; code--)
    printf("%d: %s\n", code, affq_strerror(code));
  // CHECK-NEXT: 0: success
  // CHECK-NEXT: -1: a required pointer is NULL
  // CHECK-NEXT: -2: bits must be between 2 and 8
  // CHECK-NEXT: -3: scheme must be affine or symmetric
  // CHECK-NEXT: -4: the range is invalid: min > max, a bound is not finite, or max - min overflows
  // CHECK-NEXT: -5: the scale must be finite and greater than 0
  // CHECK-NEXT: -6: the zero point lies outside [qmin, qmax]
  // CHECK-NEXT: -7: [qmin, qmax] must be a non-empty int8 or uint8 range
  // CHECK-NEXT: -8: no value to take a range from (no data, or only NaN)
  // CHECK-NEXT: -9: the requested kernel path (AFFQ_ISA) is not available on this CPU or build
  // CHECK-NEXT: -10: out of memory for a work buffer
  // CHECK-NEXT: -11: rows * cols overflows size_t
  // CHECK-NEXT: -12: unknown flags
  // CHECK-NEXT: -13: unknown affq error code
  return 0;
}
