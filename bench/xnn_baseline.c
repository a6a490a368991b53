/*
 * xnn_baseline.c - XNNPACK's operators as baselines of affq_bench.c, built
 * only where Debian's libxnnpack-dev is installed (scripts/bench-setup.sh;
 * the tests never need it).  One thread: no pthreadpool.
 *   quantize:   convert_nc_f32_qs8, one row of n channels;
 *   dequantize: convert_nc_qs8_f32, the same;
 *   dynamic GEMV: what "int8 x int8 with float in and out" costs in
 *     XNNPACK: x converted to qs8 (convert_nc_f32_qs8, with x's own scale
 *     computed first, as affq's dynamic mode does), fully_connected_nc_qs8
 *     (per-tensor int8 weights, int32 sums requantized to qs8), and the
 *     result converted back to float (convert_nc_qs8_f32).  Its output is
 *     int8 before the last step, so it is less precise than affq's float
 *     result: a baseline for speed, not for accuracy.
 * Operators are created once per size (creation packs the weights, as a
 * model load would) and only run in the timed part.
 */
#include "xnn_baseline.h"

#include <math.h>
#include <stdlib.h>
#include <xnnpack.h>

int xnn_baseline_init(void) { return xnn_initialize(NULL) == xnn_status_success ? 0 : -1; }

static xnn_operator_t quant_op, dequant_op;
static size_t quant_n, dequant_n;

int xnn_baseline_quantize(const float *x, int8_t *q, size_t n, float scale, int32_t zero) {
  if (!quant_op || quant_n != n) {
    if (quant_op)
      xnn_delete_operator(quant_op);
    quant_op = NULL;
    if (xnn_create_convert_nc_f32_qs8(n, n, n, scale, (int8_t)zero, INT8_MIN, INT8_MAX, 0,
                                      &quant_op) != xnn_status_success)
      return -1;
    quant_n = n;
  }
  if (xnn_setup_convert_nc_f32_qs8(quant_op, 1, x, q, NULL) != xnn_status_success)
    return -1;
  return xnn_run_operator(quant_op, NULL) == xnn_status_success ? 0 : -1;
}

int xnn_baseline_dequantize(const int8_t *q, float *x, size_t n, float scale, int32_t zero) {
  if (!dequant_op || dequant_n != n) {
    if (dequant_op)
      xnn_delete_operator(dequant_op);
    dequant_op = NULL;
    if (xnn_create_convert_nc_qs8_f32(n, n, n, scale, (int8_t)zero, 0, &dequant_op) !=
        xnn_status_success)
      return -1;
    dequant_n = n;
  }
  if (xnn_setup_convert_nc_qs8_f32(dequant_op, 1, q, x, NULL) != xnn_status_success)
    return -1;
  return xnn_run_operator(dequant_op, NULL) == xnn_status_success ? 0 : -1;
}

struct xnn_gemv {
  size_t rows, cols;
  xnn_operator_t fc, out;
  int8_t *xq, *yq;
};

xnn_gemv *xnn_baseline_gemv_create(const int8_t *w, size_t rows, size_t cols, float w_scale) {
  xnn_gemv *g = calloc(1, sizeof *g);
  if (!g)
    return NULL;
  g->rows = rows, g->cols = cols;
  g->xq = malloc(cols + XNN_EXTRA_BYTES), g->yq = malloc(rows + XNN_EXTRA_BYTES);
  /* x's scale is set per call in the real thing; the operator fixes it at
   * creation, so the bench uses x's range, [-1, 1], as affq's x has. */
  float x_scale = 2.0f / 255.0f, y_scale = w_scale * x_scale * sqrtf((float)cols) * 64.0f;
  if (!g->xq || !g->yq ||
      xnn_create_fully_connected_nc_qs8(cols, rows, cols, rows, 0, x_scale, w_scale, w, NULL, 0,
                                        y_scale, INT8_MIN, INT8_MAX, 0, &g->fc) != xnn_status_success ||
      xnn_create_convert_nc_qs8_f32(rows, rows, rows, y_scale, 0, 0, &g->out) != xnn_status_success) {
    xnn_baseline_gemv_free(g);
    return NULL;
  }
  return g;
}

int xnn_baseline_gemv(xnn_gemv *g, const float *x, float *y) {
  /* x's own scale, as a dynamic quantization computes it */
  float lo = 0, hi = 0;
  for (size_t i = 0; i < g->cols; i++)
    lo = fminf(lo, x[i]), hi = fmaxf(hi, x[i]);
  float s = fmaxf(hi, -lo) / 127.0f;
  if (xnn_baseline_quantize(x, g->xq, g->cols, s > 0 ? s : 1.0f, 0) ||
      xnn_setup_fully_connected_nc_qs8(g->fc, 1, g->xq, g->yq, NULL) != xnn_status_success ||
      xnn_run_operator(g->fc, NULL) != xnn_status_success ||
      xnn_setup_convert_nc_qs8_f32(g->out, 1, g->yq, y, NULL) != xnn_status_success)
    return -1;
  return xnn_run_operator(g->out, NULL) == xnn_status_success ? 0 : -1;
}

void xnn_baseline_gemv_free(xnn_gemv *g) {
  if (!g)
    return;
  if (g->fc)
    xnn_delete_operator(g->fc);
  if (g->out)
    xnn_delete_operator(g->out);
  free(g->xq), free(g->yq), free(g);
}
