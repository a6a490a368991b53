// The double definitions against values worked out by hand (each comment
// says how):
//   quantize_value_f64: q = clamp(roundeven(x / (double)s) + z, qmin, qmax);
//     NaN -> z, +-Inf and huge values to the ends, subnormals to z, ties
//     to even before z is added, and true division, not x * (1/s);
//   dequantize_value_f64: (double)(q - z) * (double)s, exact for codes;
//   qmath.h's outward rounding of a double bound to float.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s --match-full-lines
#include "affq.h"
#include "qmath.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static double from_bits(uint64_t b) {
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}

int main(void) {
  affq_qparams p;
  affq_make_qparams(0.5f, 3, 8, 1, &p); /* int8, s = 0.5, z = 3 */
  const double x[] = {NAN, -NAN, from_bits(0x7ff0000000000001ull), INFINITY, -INFINITY, DBL_MAX,
                      -DBL_MAX, 1e300, 3.5e38, 0.0, -0.0, DBL_TRUE_MIN, -1e-310, 0.25, 0.75,
                      -0.25, -0.75, 1.25, 62.0, 62.25, 61.75, -65.5, -65.75, -65.25};
  for (unsigned i = 0; i < sizeof x / sizeof x[0]; i++)
    printf("%g -> %d\n", x[i], affq_quantize_value_f64(x[i], &p));
  // CHECK: nan -> 3
  // CHECK-NEXT: -nan -> 3
  // a signalling NaN too
  // CHECK-NEXT: nan -> 3
  // CHECK-NEXT: inf -> 127
  // CHECK-NEXT: -inf -> -128
  // CHECK-NEXT: 1.79769e+308 -> 127
  // CHECK-NEXT: -1.79769e+308 -> -128
  // CHECK-NEXT: 1e+300 -> 127
  // beyond float's range, still a number in double: 7e38 -> the clamp
  // CHECK-NEXT: 3.5e+38 -> 127
  // CHECK-NEXT: 0 -> 3
  // CHECK-NEXT: -0 -> 3
  // 2^-1074 / 0.5 = 2^-1073 rounds to 0, + 3
  // CHECK-NEXT: 4.94066e-324 -> 3
  // CHECK-NEXT: -1e-310 -> 3
  // x/s = 0.5 rounds to 0 (even), then + 3; adding z first would give 4.
  // CHECK-NEXT: 0.25 -> 3
  // 1.5 -> 2, + 3
  // CHECK-NEXT: 0.75 -> 5
  // CHECK-NEXT: -0.25 -> 3
  // -1.5 -> -2, + 3
  // CHECK-NEXT: -0.75 -> 1
  // 2.5 -> 2, + 3
  // CHECK-NEXT: 1.25 -> 5
  // 124 + 3 = 127; 124.5 -> 124; 123.5 -> 124
  // CHECK-NEXT: 62 -> 127
  // CHECK-NEXT: 62.25 -> 127
  // CHECK-NEXT: 61.75 -> 127
  // -131 -> -128 (clamp); -131.5 -> -132; -130.5 -> -130, + 3 = -127
  // CHECK-NEXT: -65.5 -> -128
  // CHECK-NEXT: -65.75 -> -128
  // CHECK-NEXT: -65.25 -> -127

  /* one ulp either side of the tie 0.25 / 0.5 = 0.5: 1 + 3 and 0 + 3 */
  printf("tie+ulp %d, tie-ulp %d\n", affq_quantize_value_f64(nextafter(0.25, 1), &p),
         affq_quantize_value_f64(nextafter(0.25, 0), &p));
  // CHECK-NEXT: tie+ulp 4, tie-ulp 3

  /* uint8 with z at either end; 4-bit signed */
  affq_make_qparams(1.0f, 0, 8, 0, &p);
  printf("z=0: %d %d %d\n", affq_quantize_value_f64(-5.0, &p), affq_quantize_value_f64(NAN, &p),
         affq_quantize_value_f64(300.0, &p));
  // CHECK-NEXT: z=0: 0 0 255
  affq_make_qparams(1.0f, 255, 8, 0, &p);
  printf("z=255: %d %d %d\n", affq_quantize_value_f64(5.0, &p), affq_quantize_value_f64(NAN, &p),
         affq_quantize_value_f64(-300.0, &p));
  // CHECK-NEXT: z=255: 255 255 0
  affq_make_qparams(1.0f, 0, 4, 1, &p);
  printf("int4: %d %d %g\n", affq_quantize_value_f64(100.0, &p), affq_quantize_value_f64(-100.0, &p),
         affq_dequantize_value_f64(-8, &p));
  // CHECK-NEXT: int4: 7 -8 -8

  /* True division, not x * (1/s): s = 0x1.b92918p-1 (a float), x = 30.5 s
   * exactly (x / s = 30.5, a tie: 30), but x * (1/s) rounds to just above
   * 30.5 (31).  And x = 51.5 s: x / s = 51.5 -> 52, x * (1/s) just below
   * (51).  Found by a search over random float scales, checked with
   * Python's exact float arithmetic. */
  affq_make_qparams(0x1.b92918p-1f, 0, 8, 1, &p);
  double t1 = 30.5 * (double)p.scale;
  printf("30.5 s: %a -> %d (x*(1/s) gives %d)\n", t1, affq_quantize_value_f64(t1, &p),
         (int)__builtin_roundeven(t1 * (1.0 / (double)p.scale)));
  // CHECK-NEXT: 30.5 s: 0x1.a47b2aep+4 -> 30 (x*(1/s) gives 31)
  affq_make_qparams(0x1.7b81f8p-2f, 0, 8, 1, &p);
  double t2 = 51.5 * (double)p.scale;
  printf("51.5 s: %a -> %d (x*(1/s) gives %d)\n", t2, affq_quantize_value_f64(t2, &p),
         (int)__builtin_roundeven(t2 * (1.0 / (double)p.scale)));
  // CHECK-NEXT: 51.5 s: 0x1.3162959p+4 -> 52 (x*(1/s) gives 51)

  /* The double rule is not the float rule on a widened x: with s =
   * 0x1.24e7fcp-3 and the float x = 0x1.b5122ap+3, the float quotient
   * rounds to 95.5 exactly (a tie: 96), while the double quotient is
   * 95.49999989581109 (95). */
  affq_make_qparams(0x1.24e7fcp-3f, 0, 8, 1, &p);
  float xf = 0x1.b5122ap+3f;
  printf("float %d, double %d\n", affq_quantize_value(xf, &p), affq_quantize_value_f64(xf, &p));
  // CHECK-NEXT: float 96, double 95

  /* Dequantize: for codes the product is exact in double.  s = 1 + 2^-23:
   * 255 s = 255 + 255 * 2^-23 = 0x1.fe0003fcp+7 needs 31 bits: double keeps
   * them all, float rounds to the nearest multiple of its ulp 2^-16 there,
   * 255 + 2 * 2^-16 = 0x1.fe0004p+7. */
  affq_make_qparams(0x1.000002p+0f, 0, 8, 0, &p);
  printf("255 s: %a (float %a)\n", affq_dequantize_value_f64(255, &p),
         (double)affq_dequantize_value(255, &p));
  // CHECK-NEXT: 255 s: 0x1.fe0003fcp+7 (float 0x1.fe0004p+7)
  /* (q - z) s with z = -128, q = 127: 255 * 0.1f, exactly */
  affq_make_qparams(0.1f, -128, 8, 1, &p);
  printf("(127 + 128) * 0.1f = %.25g\n", affq_dequantize_value_f64(127, &p));
  // CHECK-NEXT: (127 + 128) * 0.1f = 25.50000037997961044311523

  /* qmath.h's outward rounding of a double bound to float (the double rule
   * of affq_choose_qparams_f64).  0.1 lies between the floats
   * 0x1.999998p-4 and 0x1.99999ap-4 (the nearest); a float is its own
   * bound; 2^-1074 between 0 and 2^-149; 1e300 and -1e300 beyond the largest
   * float; FLT_MAX + a little rounds to FLT_MAX as nearest, but up is Inf. */
  const double b[] = {0.1, -0.1, 0.5, -0.0, DBL_TRUE_MIN, -DBL_TRUE_MIN, 1e300, -1e300,
                      (double)FLT_MAX * (1 + 0x1p-30)};
  for (unsigned i = 0; i < sizeof b / sizeof b[0]; i++)
    printf("%g: down %a up %a\n", b[i], (double)affq_qmath_f32_down(b[i]),
           (double)affq_qmath_f32_up(b[i]));
  // CHECK-NEXT: 0.1: down 0x1.999998p-4 up 0x1.99999ap-4
  // CHECK-NEXT: -0.1: down -0x1.99999ap-4 up -0x1.999998p-4
  // CHECK-NEXT: 0.5: down 0x1p-1 up 0x1p-1
  // CHECK-NEXT: -0: down -0x0p+0 up -0x0p+0
  // CHECK-NEXT: 4.94066e-324: down 0x0p+0 up 0x1p-149
  // CHECK-NEXT: -4.94066e-324: down -0x1p-149 up -0x0p+0
  // CHECK-NEXT: 1e+300: down 0x1.fffffep+127 up inf
  // CHECK-NEXT: -1e+300: down -inf up -0x1.fffffep+127
  // CHECK-NEXT: 3.40282e+38: down 0x1.fffffep+127 up inf
  return 0;
}
