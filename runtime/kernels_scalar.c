/*
 * kernels_scalar.c - the portable scalar reference of every kernel.
 *
 * Plain loops over runtime/qmath.h.  Every vector path is tested against
 * these, bit for bit; where a result is a float sum, these loops define the
 * order (lane i mod AFFQ_LANES, then the fixed tree in kernels.h).
 */
#include "kernels.h"
#include "qmath.h"

#include <math.h>

static void f32_vminmax(const float *x, size_t n, float *min, float *max) {
  float lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (x[i] < lo) /* false for NaN */
      lo = x[i];
    if (x[i] > hi)
      hi = x[i];
  }
  *min = lo;
  *max = hi;
}

static void f32_qs8_vcvt(const float *x, int8_t *q, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    q[i] = (int8_t)affq_qmath_quantize(x[i], p->scale, p->zero_point, p->qmin, p->qmax);
}

static void f32_qu8_vcvt(const float *x, uint8_t *q, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    q[i] = (uint8_t)affq_qmath_quantize(x[i], p->scale, p->zero_point, p->qmin, p->qmax);
}

static void qs8_f32_vcvt(const int8_t *q, float *x, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    x[i] = affq_qmath_dequantize(q[i], p->scale, p->zero_point);
}

static void qu8_f32_vcvt(const uint8_t *q, float *x, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    x[i] = affq_qmath_dequantize(q[i], p->scale, p->zero_point);
}

/* Code i of a q8 array, whichever its signedness. */
static inline int32_t code_at(const void *q, int is_signed, size_t i) {
  return is_signed ? ((const int8_t *)q)[i] : ((const uint8_t *)q)[i];
}

static void q8_q8_vrequant(const void *in, const affq_qparams *pin, void *out,
                           const affq_qparams *pout, size_t n) {
  int in_signed = pin->qmin < 0, out_signed = pout->qmin < 0;
  for (size_t i = 0; i < n; i++) {
    float x = affq_qmath_dequantize(code_at(in, in_signed, i), pin->scale, pin->zero_point);
    int32_t c = affq_qmath_quantize(x, pout->scale, pout->zero_point, pout->qmin, pout->qmax);
    if (out_signed)
      ((int8_t *)out)[i] = (int8_t)c;
    else
      ((uint8_t *)out)[i] = (uint8_t)c;
  }
}

static float q8_f32_dot(const void *q, const affq_qparams *p, const float *x, size_t n) {
  float lane[AFFQ_LANES] = {0};
  int is_signed = p->qmin < 0;
  for (size_t i = 0; i < n; i++)
    lane[i % AFFQ_LANES] += (float)(code_at(q, is_signed, i) - p->zero_point) * x[i];
  return affq_lanes_reduce_f32(lane);
}

static void q8_f32_dot4(const void *w, size_t stride, const int32_t z[4], int is_signed,
                        const float *x, size_t n, float out[4]) {
  for (int j = 0; j < 4; j++) {
    affq_qparams p = {1.0f, z[j], is_signed ? -128 : 0, is_signed ? 127 : 255};
    out[j] = q8_f32_dot((const uint8_t *)w + j * stride, &p, x, n);
  }
}

static uint32_t q8_q8_dot(const void *a, const affq_qparams *pa, const void *b,
                          const affq_qparams *pb, size_t n) {
  uint32_t acc = 0;
  int as = pa->qmin < 0, bs = pb->qmin < 0;
  for (size_t i = 0; i < n; i++)
    acc += (uint32_t)((code_at(a, as, i) - pa->zero_point) * (code_at(b, bs, i) - pb->zero_point));
  return acc;
}

static void f32_q8_vstats(const float *x, const void *q, const affq_qparams *p, size_t n,
                          affq_stats_lanes *acc) {
  int is_signed = p->qmin < 0;
  for (size_t i = 0; i < n; i++) {
    if (x[i] != x[i])
      continue;
    double xd = affq_qmath_dequantize(code_at(q, is_signed, i), p->scale, p->zero_point);
    double e = fabs(xd - (double)x[i]);
    acc->sum_abs[i % AFFQ_LANES] += e;
    acc->sum_sq[i % AFFQ_LANES] += e * e;
    acc->sum_signal[i % AFFQ_LANES] += (double)x[i] * (double)x[i];
    if (e > acc->max_abs)
      acc->max_abs = e;
    acc->n++;
  }
}

/* The reference for one row of the transposed product: element by element,
 * in j order (each element on its own, so the vector paths match it). */
static void q8_f32_axpy(const void *q, const affq_qparams *p, int is_signed, float xk, float *y,
                        size_t n) {
  const float s = p->scale;
  const int32_t z = p->zero_point;
  for (size_t j = 0; j < n; j++) {
    int32_t c = is_signed ? (int32_t)((const int8_t *)q)[j] : (int32_t)((const uint8_t *)q)[j];
    y[j] = y[j] + ((float)(c - z) * s) * xk;
  }
}

/* ---- double: qmath.h's *_f64 definitions, element by element ---------- */

static void f64_vminmax(const double *x, size_t n, double *min, double *max) {
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (x[i] < lo) /* false for NaN */
      lo = x[i];
    if (x[i] > hi)
      hi = x[i];
  }
  *min = lo;
  *max = hi;
}

static void f64_qs8_vcvt(const double *x, int8_t *q, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    q[i] = (int8_t)affq_qmath_quantize_f64(x[i], p->scale, p->zero_point, p->qmin, p->qmax);
}

static void f64_qu8_vcvt(const double *x, uint8_t *q, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    q[i] = (uint8_t)affq_qmath_quantize_f64(x[i], p->scale, p->zero_point, p->qmin, p->qmax);
}

static void qs8_f64_vcvt(const int8_t *q, double *x, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    x[i] = affq_qmath_dequantize_f64(q[i], p->scale, p->zero_point);
}

static void qu8_f64_vcvt(const uint8_t *q, double *x, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    x[i] = affq_qmath_dequantize_f64(q[i], p->scale, p->zero_point);
}

/* The order every path follows: element i into lane i mod AFFQ_LANES, each
 * lane from +0.0 in i order, then affq_lanes_reduce_f64's tree. */
static double q8_f64_dot(const void *q, const affq_qparams *p, const double *x, size_t n) {
  double lane[AFFQ_LANES] = {0};
  int is_signed = p->qmin < 0;
  for (size_t i = 0; i < n; i++)
    lane[i % AFFQ_LANES] += (double)(code_at(q, is_signed, i) - p->zero_point) * x[i];
  return affq_lanes_reduce_f64(lane);
}

const affq_kernels affq_kernels_scalar = {
    .name = "scalar",
    .f32_vminmax = f32_vminmax,
    .f32_qs8_vcvt = f32_qs8_vcvt,
    .f32_qu8_vcvt = f32_qu8_vcvt,
    .qs8_f32_vcvt = qs8_f32_vcvt,
    .qu8_f32_vcvt = qu8_f32_vcvt,
    .q8_q8_vrequant = q8_q8_vrequant,
    .q8_f32_dot = q8_f32_dot,
    .q8_f32_dot4 = q8_f32_dot4,
    .q8_f32_axpy = q8_f32_axpy,
    .q8_q8_dot = q8_q8_dot,
    .f32_q8_vstats = f32_q8_vstats,
    .f64_vminmax = f64_vminmax,
    .f64_qs8_vcvt = f64_qs8_vcvt,
    .f64_qu8_vcvt = f64_qu8_vcvt,
    .qs8_f64_vcvt = qs8_f64_vcvt,
    .qu8_f64_vcvt = qu8_f64_vcvt,
    .q8_f64_dot = q8_f64_dot,
};
