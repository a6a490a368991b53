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

#include <stdint.h>

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
  float r = __builtin_roundevenf(x / scale) + (float)zero_point;
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

#endif /* AFFQ_QMATH_H */
