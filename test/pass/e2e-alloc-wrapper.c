// Memory from an allocation wrapper defined in the file (issue 14): a
// function that returns one malloc's (calloc's, aligned_alloc's) result or
// null.  Each annotated pointer or field it serves gets its own copy of the
// wrapper, whose allocation shrinks to one byte per element; the wrapper
// itself keeps serving float memory to its other callers.  The program
// prints the same bytes at -O0 to -O3 as the reference.  -Werror: affq says
// nothing, every array is quantized.
// RUN: %e2e %s %t -Werror | FileCheck %s
// CHECK: e2e: ok
// CHECK: plain: 0x1.
#include "Inputs/reference.h"

#include <stdlib.h>
#include <string.h>

static void *xmalloc(size_t n) { /* the usual checked malloc */
  void *p = malloc(n);
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(1);
  }
  return p;
}

void *zalloc(size_t n) { /* not static, and zeroes what it gives */
  void *p = calloc(1, n);
  if (p == NULL)
    abort();
  memset(p, 0, n);
  return p;
}

struct layer {
  int n;
  AFFQ_RANGE(-1.0f, 1.0f) float *w;
};

static double total(const float *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++)
    s += x[i];
  return s;
}

int main(void) {
  HEAP(a, -2.0f, 2.0f);
  AFFQ_RANGE(-2.0f, 2.0f) float *a = xmalloc(300 * sizeof(float));
  for (int i = 0; i < 300; i++)
    PUT(a, a[i], 2.5f * sinf(0.05f * (float)i));
  printf("a: %a [17] %a\n", total(a, 300), a[17]);
  free(a);

  HEAP(z, -1.0f, 1.0f);
  AFFQ_RANGE(-1.0f, 1.0f) float *z = zalloc(64 * sizeof(float));
#ifdef AFFQ_REFERENCE
  ref_apply(z, 64, &ref_z); /* zeros: each reads back as the code of 0 */
#endif
  for (int i = 0; i < 64; i += 5)
    PUT(z, z[i], 0.3f * (float)i / 64.0f - 0.1f);
  printf("z: %a [3] %a\n", total(z, 64), z[3]);
  free(z);

  struct layer L = {40, xmalloc(40 * sizeof(float))}; /* a field */
#ifdef AFFQ_REFERENCE
  static affq_qparams ref_w;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &ref_w);
#endif
  for (int i = 0; i < L.n; i++) {
#ifdef AFFQ_REFERENCE
    L.w[i] = ref_roundtrip(&ref_w, cosf(0.4f * (float)i));
#else
    L.w[i] = cosf(0.4f * (float)i);
#endif
  }
  printf("field: %a\n", total(L.w, L.n));
  free(L.w);

  float *plain = xmalloc(8 * sizeof(float)); /* the wrapper's other callers: floats */
  float *zeros = zalloc(8 * sizeof(float));
  for (int i = 0; i < 8; i++)
    plain[i] = 0.1f * (float)i + zeros[i];
  printf("plain: %a\n", total(plain, 8));
  free(plain);
  free(zeros);
  return 0;
}
