/* xnn_baseline.h - XNNPACK baselines (xnn_baseline.c), when installed. */
#ifndef AFFQ_BENCH_XNN_BASELINE_H
#define AFFQ_BENCH_XNN_BASELINE_H

#include <stddef.h>
#include <stdint.h>

/* 0 on success, -1 on any XNNPACK error */
int xnn_baseline_init(void);
int xnn_baseline_quantize(const float *x, int8_t *q, size_t n, float scale, int32_t zero);
int xnn_baseline_dequantize(const int8_t *q, float *x, size_t n, float scale, int32_t zero);
typedef struct xnn_gemv xnn_gemv;
xnn_gemv *xnn_baseline_gemv_create(const int8_t *w, size_t rows, size_t cols, float w_scale);
int xnn_baseline_gemv(xnn_gemv *g, const float *x, float *y);
void xnn_baseline_gemv_free(xnn_gemv *g);

#endif
