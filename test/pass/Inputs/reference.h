/*
 * reference.h - the quantized semantics of an annotated array, spelled out
 * with the runtime's scalar functions, for the end-to-end tests.
 *
 * A test is compiled twice from one source:
 *   with the plugin:  the arrays are annotated, reads and writes are plain C;
 *   -DAFFQ_REFERENCE: no plugin; each array is a float array, but every value
 *                     put into it goes through affq_quantize_value and
 *                     affq_dequantize_value with the parameters the pass must
 *                     choose (REF_INIT / REF_RANGE), and every write uses PUT.
 * The two programs must print the same bytes.
 */
#ifndef AFFQ_TEST_REFERENCE_H
#define AFFQ_TEST_REFERENCE_H

#include "affq.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#ifdef AFFQ_REFERENCE
#define CONST /* the reference writes the round-tripped values into the array */
static inline float ref_roundtrip(const affq_qparams *p, float x) {
  return affq_dequantize_value(affq_quantize_value(x, p), p);
}
static inline void ref_apply(float *x, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    x[i] = ref_roundtrip(p, x[i]);
}
/* Parameters from the initializer's min and max (what AFFQ does). */
static inline void ref_init(float *x, size_t n, int bits, int is_signed, affq_scheme scheme,
                            affq_qparams *p) {
  float lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < n; i++)
    lo = fminf(lo, x[i]), hi = fmaxf(hi, x[i]);
  affq_choose_qparams(lo, hi, bits, is_signed, scheme, p);
  ref_apply(x, n, p);
}
#define REF_PARAMS(a) static affq_qparams ref_##a
#define REF_INIT(a, bits, sgn, scheme)                                                             \
  ref_init((float *)(a), sizeof(a) / sizeof(float), bits, sgn, scheme, &ref_##a)
#define REF_RANGE(a, lo, hi, bits, sgn, scheme)                                                    \
  (affq_choose_qparams(lo, hi, bits, sgn, scheme, &ref_##a),                                     \
   ref_apply((float *)(a), sizeof(a) / sizeof(float), &ref_##a))
#define PUT(a, lvalue, value) ((lvalue) = ref_roundtrip(&ref_##a, (value)))
/* A heap array's parameters, from its AFFQ_RANGE (8-bit signed affine), in
 * the function that allocates it. */
#define HEAP(name, lo, hi)                                                                         \
  static affq_qparams ref_##name;                                                                  \
  affq_choose_qparams(lo, hi, 8, 1, AFFQ_AFFINE, &ref_##name)
/* The same for arrays of double: the double API (x / (double)s, and
 * (double)(q - z) * (double)s), and parameters from the double range
 * rounded outward to float. */
static inline double ref_roundtrip_d(const affq_qparams *p, double x) {
  return affq_dequantize_value_f64(affq_quantize_value_f64(x, p), p);
}
static inline void ref_apply_d(double *x, size_t n, const affq_qparams *p) {
  for (size_t i = 0; i < n; i++)
    x[i] = ref_roundtrip_d(p, x[i]);
}
#define REF_INIT_D(a, bits, sgn, scheme)                                                           \
  (affq_choose_qparams_f64((double *)(a), sizeof(a) / sizeof(double), bits, sgn, scheme, &ref_##a), \
   ref_apply_d((double *)(a), sizeof(a) / sizeof(double), &ref_##a))
#define REF_RANGE_D(a, lo, hi, bits, sgn, scheme)                                                  \
  (affq_choose_qparams(lo, hi, bits, sgn, scheme, &ref_##a),                                     \
   ref_apply_d((double *)(a), sizeof(a) / sizeof(double), &ref_##a))
#define PUT_D(a, lvalue, value) ((lvalue) = ref_roundtrip_d(&ref_##a, (value)))
#else
#define CONST const
#define REF_PARAMS(a) struct affq_unused_##a
#define REF_INIT(a, bits, sgn, scheme) ((void)0)
#define REF_RANGE(a, lo, hi, bits, sgn, scheme) ((void)0)
#define PUT(a, lvalue, value) ((lvalue) = (value))
#define HEAP(name, lo, hi) ((void)0)
#define REF_INIT_D(a, bits, sgn, scheme) ((void)0)
#define REF_RANGE_D(a, lo, hi, bits, sgn, scheme) ((void)0)
#define PUT_D(a, lvalue, value) ((lvalue) = (value))
#endif

/* Print floats exactly (hex), so equal output means equal bits. */
static inline void print_floats(const char *name, const float *x, size_t n) {
  printf("%s:", name);
  for (size_t i = 0; i < n; i++)
    printf(" %a", x[i]);
  printf("\n");
}

static inline void print_doubles(const char *name, const double *x, size_t n) {
  printf("%s:", name);
  for (size_t i = 0; i < n; i++)
    printf(" %a", x[i]);
  printf("\n");
}

#endif
