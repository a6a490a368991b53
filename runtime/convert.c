/*
 * convert.c - quantize and dequantize whole arrays (scalar reference).
 *
 * These loops are the reference every vector path must match bit for bit.
 */
#include "affq.h"
#include "qmath.h"

int affq_quantize(const float *x, void *q, size_t n, const affq_qparams *p) {
  int err = affq_check_qparams(p);
  if (err)
    return err;
  if (n && (!x || !q))
    return AFFQ_ENULL;
  const float s = p->scale;
  const int32_t z = p->zero_point, lo = p->qmin, hi = p->qmax;
  if (lo < 0) {
    int8_t *out = q;
    for (size_t i = 0; i < n; i++)
      out[i] = (int8_t)affq_qmath_quantize(x[i], s, z, lo, hi);
  } else {
    uint8_t *out = q;
    for (size_t i = 0; i < n; i++)
      out[i] = (uint8_t)affq_qmath_quantize(x[i], s, z, lo, hi);
  }
  return AFFQ_OK;
}

int affq_dequantize(const void *q, float *x, size_t n, const affq_qparams *p) {
  int err = affq_check_qparams(p);
  if (err)
    return err;
  if (n && (!x || !q))
    return AFFQ_ENULL;
  const float s = p->scale;
  const int32_t z = p->zero_point;
  if (p->qmin < 0) {
    const int8_t *in = q;
    for (size_t i = 0; i < n; i++)
      x[i] = affq_qmath_dequantize(in[i], s, z);
  } else {
    const uint8_t *in = q;
    for (size_t i = 0; i < n; i++)
      x[i] = affq_qmath_dequantize(in[i], s, z);
  }
  return AFFQ_OK;
}
