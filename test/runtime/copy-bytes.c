// affq_copy_bytes and affq_set_bytes (what the pass emits for copies whose
// byte count is known only at run time) against the float view they stand
// for: dequantize every code, do the memcpy/memmove/memset on those floats'
// bytes, quantize again each float the copy touched.  Every byte count
// 0..40 at several offsets, codes to codes (one array, overlapping, both
// ways; two parameter sets), floats in and out, memset.  Float buffers are
// malloc'd to exactly the bytes copied, so reading past them is an error
// the sanitizer build reports (test/runtime/Inputs/sanitized.sh runs this).
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s
// CHECK: copy-bytes: {{[0-9]+}} cases, 0 mismatches
#include "affq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 12 };

static void to_floats(const int8_t *q, const affq_qparams *p, float *x) {
  for (int i = 0; i < N; i++)
    x[i] = affq_dequantize_value(q[i], p);
}

/* the float view after the copy: elements [first, first + ceil(nb/4)) again as codes */
static void requantize_touched(const float *x, const affq_qparams *p, int8_t *q, size_t first,
                               size_t nb) {
  for (size_t i = first; i < first + (nb + 3) / 4; i++)
    q[i] = (int8_t)affq_quantize_value(x[i], p);
}

static int check(const char *what, const int8_t *got, const int8_t *want, size_t nb) {
  if (!memcmp(got, want, N))
    return 0;
  printf("mismatch: %s, %zu bytes\n", what, nb);
  return 1;
}

int main(void) {
  affq_qparams pa, pb;
  affq_choose_qparams(-2.0f, 2.0f, 8, 1, AFFQ_AFFINE, &pa);
  affq_choose_qparams(-1.0f, 3.0f, 8, 1, AFFQ_AFFINE, &pb);
  int cases = 0, bad = 0;
  for (size_t nb = 0; nb <= 40; nb++)
    for (size_t off = 0; off < 3 && 4 * off + nb <= 4 * N - 8; off++) {
      int8_t a[N], b[N], want[N];
      float x[N], y[N];
      for (int i = 0; i < N; i++) {
        a[i] = (int8_t)(37 * i - 100 + (int)off);
        b[i] = (int8_t)(-29 * i + 50);
      }
      /* one array, overlapping, to the right and to the left */
      for (int dir = 0; dir < 2; dir++) {
        int8_t q[N];
        memcpy(q, a, N);
        size_t d = dir ? off : off + 1, s = dir ? off + 1 : off;
        to_floats(q, &pa, x);
        memmove((char *)x + 4 * d, (char *)x + 4 * s, nb);
        memcpy(want, q, N);
        requantize_touched(x, &pa, want, d, nb);
        affq_copy_bytes(q + d, &pa, q + s, &pa, nb);
        bad += check(dir ? "memmove left" : "memmove right", q, want, nb), cases++;
      }
      /* two arrays, other parameters */
      int8_t q[N];
      memcpy(q, b, N);
      to_floats(a, &pa, x), to_floats(q, &pb, y);
      memcpy((char *)y + 4 * off, x, nb);
      memcpy(want, q, N);
      requantize_touched(y, &pb, want, off, nb);
      affq_copy_bytes(q + off, &pb, a, &pa, nb);
      bad += check("requantize", q, want, nb), cases++;
      /* floats in, from a buffer of exactly nb bytes */
      unsigned char *src = malloc(nb ? nb : 1);
      for (size_t k = 0; k < nb; k++)
        src[k] = (unsigned char)(k * 53 % 251 == 127 ? 0x3f : (k % 4 == 3 ? 0x3f : k * 7));
      memcpy(q, a, N);
      to_floats(q, &pa, x);
      memcpy((char *)x + 4 * off, src, nb);
      memcpy(want, q, N);
      requantize_touched(x, &pa, want, off, nb);
      affq_copy_bytes(q + off, &pa, src, NULL, nb);
      bad += check("floats in", q, want, nb), cases++;
      free(src);
      /* floats out, into a buffer of exactly nb bytes */
      unsigned char *dst = malloc(nb ? nb : 1);
      to_floats(a, &pa, x);
      affq_copy_bytes(dst, NULL, a + off, &pa, nb);
      if (memcmp(dst, (char *)x + 4 * off, nb))
        printf("mismatch: floats out, %zu bytes\n", nb), bad++;
      cases++;
      free(dst);
      /* memset */
      memcpy(q, a, N);
      to_floats(q, &pa, x);
      memset((char *)x + 4 * off, 0xbf, nb);
      memcpy(want, q, N);
      requantize_touched(x, &pa, want, off, nb);
      affq_set_bytes(q + off, &pa, 0xbf, nb);
      bad += check("memset", q, want, nb), cases++;
    }
  printf("copy-bytes: %d cases, %d mismatches\n", cases, bad);
  return bad != 0;
}
