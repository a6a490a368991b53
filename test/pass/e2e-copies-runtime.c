// Copies whose length is known only at run time, whole floats or not:
// memcpy, memmove and memset into, out of and between annotated arrays.
// A trailing partial float is copied exactly as the program's INT8 reading
// defines it: its bytes overlay the bytes of the float the codes read as,
// and the result is quantized again (before, n >> 2 floats were copied and
// the partial one vanished).  The same program passes built as
// distributions build (_FORTIFY_SOURCE=2: __memcpy_chk and llvm.objectsize),
// under UBSan (its pointer-overflow, alignment and object-size checks see
// the float view's addresses and sizes) and under ASan; -Werror: affq says
// nothing, every array is quantized.
// RUN: %e2e %s %t -Werror | FileCheck %s
// RUN: %e2e %s %t.fortify -Werror -D_FORTIFY_SOURCE=2 | FileCheck %s
// RUN: %e2e %s %t.ubsan -Werror -fsanitize=undefined -fno-sanitize-recover=all | FileCheck %s
// RUN: %e2e %s %t.asan -Werror -fsanitize=address | FileCheck %s
// CHECK: e2e: ok
// CHECK: out:
#include "Inputs/reference.h"

#include <string.h>

AFFQ_RANGE(-2.0f, 2.0f) static float a[16];
REF_PARAMS(a);
AFFQ_RANGE(-1.0f, 3.0f) static float b[16];
REF_PARAMS(b);

/* lengths the compiler cannot see */
static volatile size_t n22 = 22, n13 = 13, n40 = 40, n7 = 7, n11 = 11;
static volatile int byte = 0x3f;

#ifdef AFFQ_REFERENCE
/* after a copy of n bytes into x, the floats it touched hold codes again */
#define TOUCHED(x, first, n)                                                                       \
  for (size_t i_ = (first); i_ < (first) + ((n) + 3) / 4; i_++)                                    \
  PUT(x, x[i_], x[i_])
#else
#define TOUCHED(x, first, n) ((void)0)
#endif

int main(void) {
  REF_RANGE(a, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE(b, -1.0f, 3.0f, 8, 1, AFFQ_AFFINE);
  float src[16], out[16];
  for (int i = 0; i < 16; i++)
    src[i] = sinf((float)i) * 1.9f;
  memcpy(a, src, n40 + 24); /* 16 whole floats in */
  TOUCHED(a, 0, 64);
  memcpy(a + 3, src + 8, n22); /* 5 floats and 2 bytes of the sixth */
  TOUCHED(a, 3, 22);
  memcpy(b, a, n13); /* codes to codes, other parameters: 3 floats and 1 byte */
  TOUCHED(b, 0, 13);
  memmove(a + 1, a, n22); /* within one array, overlapping */
  TOUCHED(a, 1, 22);
  memset(a + 10, byte, n7); /* a byte and a length known at run time */
  TOUCHED(a, 10, 7);
  /* overlapping, and the partial float's bytes come from two floats of
   * opposite signs: its source must be read before the move overwrites it */
  PUT(a, a[12], 0.25f), PUT(a, a[13], -1.75f), PUT(a, a[14], 1.0f);
  memmove(a + 13, a + 12, n7);
  TOUCHED(a, 13, 7);
  /* memcpy returns dst: a pointer into the codes (under _FORTIFY_SOURCE,
   * returned by the clone of memcpy's inline wrapper) */
  float *w = memcpy(a + 2, src + 3, n11);
  TOUCHED(a, 2, 11);
  out[15] = w[1] + w[2];
  print_floats("w", out + 15, 1);
  memset(out, 0, sizeof out);
  memcpy(out, a, n22 + 2); /* out of the codes: 6 floats */
  print_floats("out", out, 16);
  memcpy(out, b, n7); /* 1 float and 3 bytes of the next */
  print_floats("out", out, 16);
  memcpy(out, a, sizeof out);
  print_floats("a", out, 16);
  memcpy(out, b, sizeof out);
  print_floats("b", out, 16);
  return 0;
}
