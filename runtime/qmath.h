/*
 * qmath.h - the element-wise quantization math, defined once.
 *
 * Everything that turns a float into a code or a code into a float includes
 * this header: the runtime's kernels (as their scalar reference), and the
 * pass plugin (to quantize constant initializers at compile time).  Because
 * both compile this same text with -ffp-contract=off, a value quantized at
 * compile time equals the value the runtime would produce, bit for bit.
 */
#ifndef AFFQ_QMATH_H
#define AFFQ_QMATH_H

#include <float.h>
#include <stddef.h>
#include <stdint.h>

/* roundeven(x / s) + z: the quantizer's value before the clamp (NaN for a
 * NaN x).  A value clamps where this lies outside [qmin, qmax]. */
static inline float affq_qmath_unclamped(float x, float scale, int32_t zero_point) {
  return __builtin_roundevenf(x / scale) + (float)zero_point;
}

/*
 * q = clamp(roundeven(x / s) + z, qmin, qmax).
 *
 * Why the add is done in float: roundeven() gives an integral float r.  While
 * |r + z| <= 2^24 the float add is exact; beyond that r is so far outside any
 * 8-bit code range that the clamp gives the same code either way.  Doing it in
 * float avoids converting huge or infinite quotients to int (undefined in C),
 * and maps one-to-one onto vector instructions (div, round, add, min, max).
 */
static inline int32_t affq_qmath_quantize(float x, float scale, int32_t zero_point, int32_t qmin,
                                          int32_t qmax) {
  float r = affq_qmath_unclamped(x, scale, zero_point);
  if (r != r) /* NaN in, NaN out of the division: NaN maps to z */
    return zero_point;
  if (r <= (float)qmin)
    return qmin;
  if (r >= (float)qmax)
    return qmax;
  return (int32_t)r;
}

/* x' = (float)(q - z) * s: the difference is exact, so one rounding. */
static inline float affq_qmath_dequantize(int32_t q, float scale, int32_t zero_point) {
  return (float)(q - zero_point) * scale;
}

/* The same for double arrays: x / (double)s in double (true division),
 * roundeven, z added in double (exact while |r + z| <= 2^53), the clamp;
 * and x' = (double)(q - z) * (double)s, one rounding.  The scale stays a
 * float, as in every affq_qparams. */
static inline double affq_qmath_unclamped_f64(double x, float scale, int32_t zero_point) {
  return __builtin_roundeven(x / (double)scale) + (double)zero_point;
}
static inline int32_t affq_qmath_quantize_f64(double x, float scale, int32_t zero_point,
                                              int32_t qmin, int32_t qmax) {
  double r = affq_qmath_unclamped_f64(x, scale, zero_point);
  if (r != r)
    return zero_point;
  if (r <= (double)qmin)
    return qmin;
  if (r >= (double)qmax)
    return qmax;
  return (int32_t)r;
}
static inline double affq_qmath_dequantize_f64(int32_t q, float scale, int32_t zero_point) {
  return (double)(q - zero_point) * (double)scale;
}
static inline int affq_qmath_clamps_f64(double x, float scale, int32_t zero_point, int32_t qmin,
                                        int32_t qmax) {
  double r = affq_qmath_unclamped_f64(x, scale, zero_point);
  return r < (double)qmin ? -1 : r > (double)qmax ? 1 : 0;
}

/* Does quantizing x clamp it: -1 below qmin, 1 above qmax, 0 neither (a
 * NaN neither: it maps to z)?  What the check mode and the initializer
 * warning count. */
static inline int affq_qmath_clamps(float x, float scale, int32_t zero_point, int32_t qmin,
                                    int32_t qmax) {
  float r = affq_qmath_unclamped(x, scale, zero_point);
  return r < (float)qmin ? -1 : r > (float)qmax ? 1 : 0;
}

/* ---- double: the parameters ------------------------------------------------
 * The element-wise double definitions are above (affq_qmath_*_f64); the
 * runtime's *_f64 API and the pass both use them.  For codes the dequantized
 * product is exact in double (|q - z| <= 255 has 9 bits, s 24), so
 * (float)affq_qmath_dequantize_f64(q) is affq_qmath_dequantize(q). */

/*
 * The double rule for parameters: a double range [min, max] becomes float
 * bounds rounded OUTWARD, lo the largest float <= min and hi the smallest
 * float >= max, so the float range holds every double in [min, max]; then
 * affq_choose_qparams(lo, hi).  A bound beyond float's range becomes an
 * infinity (affq_choose_qparams rejects it: AFFQ_ERANGE); NaN stays NaN.
 */
static inline float affq_qmath_f32_down(double v) {
  if (v > (double)FLT_MAX) /* not converted: C leaves overflow undefined */
    return FLT_MAX;
  if (v < -(double)FLT_MAX)
    return -__builtin_inff();
  float f = (float)v; /* the nearest float, then one step down if above */
  return (double)f > v ? __builtin_nextafterf(f, -__builtin_inff()) : f;
}
static inline float affq_qmath_f32_up(double v) {
  if (v > (double)FLT_MAX)
    return __builtin_inff();
  if (v < -(double)FLT_MAX)
    return -FLT_MAX;
  float f = (float)v;
  return (double)f < v ? __builtin_nextafterf(f, __builtin_inff()) : f;
}

/* Code i of int8 (signed) or uint8 codes. */
static inline int32_t affq_qmath_code_at(const void *q, size_t i, int is_signed) {
  return is_signed ? ((const int8_t *)q)[i] : ((const uint8_t *)q)[i];
}

#endif /* AFFQ_QMATH_H */
