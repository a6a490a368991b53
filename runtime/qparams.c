/*
 * qparams.c - choosing and checking the scale and zero point.
 *
 * affq_choose_qparams reproduces PyTorch's MinMaxObserver._calculate_qparams
 * step by step, in float32 as PyTorch computes it, so that the parameters are
 * bit-identical for 8 bits (test/runtime/golden holds vectors made by torch).
 */
#include "affq.h"
#include "qmath.h"

#include <float.h>
#include <math.h>

const char *affq_strerror(int code) {
  switch (code) {
  case AFFQ_OK:
    return "success";
  case AFFQ_ENULL:
    return "a required pointer is NULL";
  case AFFQ_EBITS:
    return "bits must be between 2 and 8";
  case AFFQ_ESCHEME:
    return "scheme must be affine or symmetric";
  case AFFQ_ERANGE:
    return "the range is invalid: min > max, a bound is not finite, or max - min overflows";
  case AFFQ_ESCALE:
    return "the scale must be finite and greater than 0";
  case AFFQ_EZEROPOINT:
    return "the zero point lies outside [qmin, qmax]";
  case AFFQ_ECODERANGE:
    return "[qmin, qmax] must be a non-empty int8 or uint8 range";
  case AFFQ_EEMPTY:
    return "no value to take a range from (no data, or only NaN)";
  case AFFQ_EISA:
    return "the requested kernel path (AFFQ_ISA) is not available on this CPU or build";
  case AFFQ_ENOMEM:
    return "out of memory for a work buffer";
  case AFFQ_ESIZE:
    return "rows * cols overflows size_t";
  case AFFQ_EFLAGS:
    return "unknown flags";
  default:
    return "unknown affq error code";
  }
}

static int code_range(int bits, int is_signed, int32_t *qmin, int32_t *qmax) {
  if (bits < 2 || bits > 8)
    return AFFQ_EBITS;
  *qmin = is_signed ? -(1 << (bits - 1)) : 0;
  *qmax = is_signed ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  return AFFQ_OK;
}

int affq_check_qparams(const affq_qparams *p) {
  if (!p)
    return AFFQ_ENULL;
  int is_int8 = p->qmin < 0;
  if (p->qmin >= p->qmax || p->qmin < (is_int8 ? -128 : 0) || p->qmax > (is_int8 ? 127 : 255))
    return AFFQ_ECODERANGE;
  if (!(p->scale > 0.0f) || !isfinite(p->scale))
    return AFFQ_ESCALE;
  if (p->zero_point < p->qmin || p->zero_point > p->qmax)
    return AFFQ_EZEROPOINT;
  return AFFQ_OK;
}

int affq_make_qparams(float scale, int32_t zero_point, int bits, int is_signed, affq_qparams *out) {
  if (!out)
    return AFFQ_ENULL;
  affq_qparams p = {scale, zero_point, 0, 0};
  int err = code_range(bits, is_signed, &p.qmin, &p.qmax);
  if (err)
    return err;
  err = affq_check_qparams(&p);
  if (err)
    return err;
  *out = p;
  return AFFQ_OK;
}

int affq_choose_qparams(float min, float max, int bits, int is_signed, affq_scheme scheme,
                        affq_qparams *out) {
  if (!out)
    return AFFQ_ENULL;
  affq_qparams p = {1.0f, 0, 0, 0};
  int err = code_range(bits, is_signed, &p.qmin, &p.qmax);
  if (err)
    return err;
  if (scheme != AFFQ_AFFINE && scheme != AFFQ_SYMMETRIC)
    return AFFQ_ESCHEME;
  if (!isfinite(min) || !isfinite(max) || min > max)
    return AFFQ_ERANGE;

  /* torch: min_val_neg = min(min_val, 0), max_val_pos = max(max_val, 0) */
  float lo = min < 0.0f ? min : 0.0f;
  float hi = max > 0.0f ? max : 0.0f;

  if (scheme == AFFQ_SYMMETRIC) {
    /* torch: scale = max(-min_val_neg, max_val_pos) / (float(qmax - qmin) / 2) */
    float m = -lo > hi ? -lo : hi;
    p.scale = m / ((float)(p.qmax - p.qmin) / 2.0f);
    /* torch picks 128 for quint8.  2^(bits-1) keeps unsigned symmetric equal
     * to signed symmetric shifted by a constant at every width; see
     * docs/math.md for how this differs from torch's custom-range rule. */
    p.zero_point = is_signed ? 0 : 1 << (bits - 1);
  } else {
    /* torch: scale = (max_val_pos - min_val_neg) / float(qmax - qmin) */
    p.scale = (hi - lo) / (float)(p.qmax - p.qmin);
  }
  if (!isfinite(p.scale)) /* hi - lo overflowed float */
    return AFFQ_ERANGE;
  /* torch: scale = max(scale, eps), eps = finfo(float32).eps */
  if (p.scale < FLT_EPSILON)
    p.scale = FLT_EPSILON;

  if (scheme == AFFQ_AFFINE) {
    /* torch: zero_point = qmin - round(min_val_neg / scale), then clamped.
     * |lo / scale| <= qmax - qmin, so the conversion cannot overflow. */
    int32_t z = p.qmin - (int32_t)__builtin_roundevenf(lo / p.scale);
    p.zero_point = z < p.qmin ? p.qmin : z > p.qmax ? p.qmax : z;
  }
  *out = p;
  return AFFQ_OK;
}

int32_t affq_quantize_value(float x, const affq_qparams *p) {
  return affq_qmath_quantize(x, p->scale, p->zero_point, p->qmin, p->qmax);
}

float affq_dequantize_value(int32_t q, const affq_qparams *p) {
  return affq_qmath_dequantize(q, p->scale, p->zero_point);
}

int32_t affq_quantize_value_f64(double x, const affq_qparams *p) {
  return affq_qmath_quantize_f64(x, p->scale, p->zero_point, p->qmin, p->qmax);
}

double affq_dequantize_value_f64(int32_t q, const affq_qparams *p) {
  return affq_qmath_dequantize_f64(q, p->scale, p->zero_point);
}
