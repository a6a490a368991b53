// e2e-copies-runtime.c for arrays of double: copies whose length is known
// only at run time, whole doubles or not, into, out of and between
// annotated double arrays.  A trailing partial double is copied exactly as
// the program's INT8 reading defines it (affq_copy_bytes_f64,
// affq_set_bytes_f64).  Before, such a copy left the array double at -O0
// but not always at -O2 (with _FORTIFY_SOURCE the byte count hid inside
// glibc's inline wrapper), so -O levels printed different bytes (found by
// progfuzz).  Fortified, under UBSan (addresses and sizes in the double
// view: 8 bytes a code) and ASan; -Werror: every array is quantized.
// RUN: %e2e %s %t -Werror | FileCheck %s
// RUN: %e2e %s %t.fortify -Werror -D_FORTIFY_SOURCE=2 | FileCheck %s
// RUN: %e2e %s %t.ubsan -Werror -fsanitize=undefined -fno-sanitize-recover=all | FileCheck %s
// RUN: %e2e %s %t.asan -Werror -fsanitize=address | FileCheck %s
// CHECK: e2e: ok
// CHECK: out:
#include "Inputs/reference.h"

#include <string.h>

AFFQ_RANGE(-2.0f, 2.0f) static double a[16];
REF_PARAMS(a);
AFFQ_RANGE(-1.0f, 3.0f) static double b[16];
REF_PARAMS(b);

/* lengths the compiler cannot see */
static volatile size_t n22 = 44, n13 = 27, n40 = 104, n7 = 15, n11 = 21;
static volatile int byte = 0x3f;

#ifdef AFFQ_REFERENCE
/* after a copy of n bytes into x, the doubles it touched hold codes again */
#define TOUCHED(x, first, n)                                                                       \
  for (size_t i_ = (first); i_ < (first) + ((n) + 7) / 8; i_++)                                    \
  PUT_D(x, x[i_], x[i_])
#else
#define TOUCHED(x, first, n) ((void)0)
#endif

int main(void) {
  REF_RANGE_D(a, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE_D(b, -1.0f, 3.0f, 8, 1, AFFQ_AFFINE);
  double src[16], out[16];
  for (int i = 0; i < 16; i++)
    src[i] = sin((double)i) * 1.9;
  memcpy(a, src, n40 + 24); /* 16 whole doubles in */
  TOUCHED(a, 0, 128);
  memcpy(a + 3, src + 8, n22); /* 5 doubles and 4 bytes of the sixth */
  TOUCHED(a, 3, 44);
  memcpy(b, a, n13); /* codes to codes, other parameters: 3 doubles and 3 bytes */
  TOUCHED(b, 0, 27);
  memmove(a + 1, a, n22); /* within one array, overlapping */
  TOUCHED(a, 1, 44);
  memset(a + 10, byte, n7); /* a byte and a length known at run time */
  TOUCHED(a, 10, 15);
  /* overlapping, and the partial double's bytes come from two doubles of
   * opposite signs: its source must be read before the move overwrites it */
  PUT_D(a, a[12], 0.25), PUT_D(a, a[13], -1.75), PUT_D(a, a[14], 1.0);
  memmove(a + 13, a + 12, n7);
  TOUCHED(a, 13, 15);
  /* memcpy returns dst: a pointer into the codes (under _FORTIFY_SOURCE,
   * returned by the clone of memcpy's inline wrapper) */
  double *w = memcpy(a + 2, src + 3, n11);
  TOUCHED(a, 2, 21);
  out[15] = w[1] + w[2];
  print_doubles("w", out + 15, 1);
  memset(out, 0, sizeof out);
  memcpy(out, a, n22 + 4); /* out of the codes: 6 doubles */
  print_doubles("out", out, 16);
  memcpy(out, b, n7); /* 1 double and 7 bytes of the next */
  print_doubles("out", out, 16);
  memcpy(out, a, sizeof out);
  print_doubles("a", out, 16);
  memcpy(out, b, sizeof out);
  print_doubles("b", out, 16);
  return 0;
}
