// A static loader function that allocates the annotated pointer, fills it
// from a file and returns it, the way programs load weights: every direct
// call returns a pointer into the codes, and each caller's uses of it are
// rewritten too (uses.c visit_return).  The program prints the same bytes
// at -O0 to -O3 as the reference (Inputs/reference.h).  Covered: fread
// into malloc'd memory with a NULL return on a short read, mmap of a file,
// two calls of one loader (two allocations, one set of parameters), a
// caller that hands the pointer on to a kernel, and free/munmap in the
// caller.  -Werror: affq says nothing, every array is quantized.
// RUN: %e2e %s %t -Werror | FileCheck %s
// CHECK: e2e: ok
// CHECK: short read: null 1
#include "Inputs/reference.h"

#include <stdlib.h>
#include <sys/mman.h>

#ifdef AFFQ_REFERENCE
static affq_qparams ref_w, ref_m;
#endif

static float value(size_t i) { return 1.3f * cosf(0.29f * (float)i); } /* some clamp */

static FILE *file_of_floats(size_t n) {
  FILE *f = tmpfile();
  for (size_t i = 0; i < n; i++) {
    float x = value(i);
    fwrite(&x, sizeof x, 1, f);
  }
  rewind(f);
  return f;
}

/* n floats from f, or NULL */
static float *load(FILE *f, size_t n) {
  AFFQ_RANGE(-1.0f, 1.0f) float *w = malloc(n * sizeof *w);
  if (!w)
    return NULL;
  if (fread(w, sizeof *w, n, f) != n) {
    free(w);
    return NULL;
  }
#ifdef AFFQ_REFERENCE
  ref_apply(w, n, &ref_w);
#endif
  return w;
}

/* the whole file, mapped */
static float *map_all(FILE *f, size_t n) {
  AFFQ_RANGE(-2.0f, 2.0f) float *m = mmap(NULL, n * sizeof *m, PROT_READ, MAP_PRIVATE, fileno(f), 0);
  if (m == MAP_FAILED)
    return NULL;
#ifdef AFFQ_REFERENCE
  float *w = mmap(NULL, n * sizeof *w, PROT_READ | PROT_WRITE, MAP_PRIVATE, fileno(f), 0);
  ref_apply(w, n, &ref_m);
  m = w;
#endif
  return m;
}

__attribute__((noinline)) static float dot(const float *a, const float *x, int n) {
  float s = 0;
  for (int i = 0; i < n; i++)
    s += a[i] * x[i];
  return s;
}

int main(void) {
#ifdef AFFQ_REFERENCE
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &ref_w);
  affq_choose_qparams(-2.0f, 2.0f, 8, 1, AFFQ_AFFINE, &ref_m);
#endif
  float x[64];
  for (int i = 0; i < 64; i++)
    x[i] = sinf((float)i);
  FILE *f = file_of_floats(200);
  float *a = load(f, 64), *b = load(f, 100);
  float *c = load(f, 64); /* 36 are left: a short read */
  printf("short read: %s %d\n", c ? "not null" : "null", feof(f) != 0);
  if (!a || !b)
    return 1;
  printf("a . x %a, b . x %a, b[99] %a\n", dot(a, x, 64), dot(b + 36, x, 64), b[99]);
  free(a);
  free(b);
  float *m = map_all(f, 200);
  if (!m)
    return 1;
  printf("m . x %a, m[150] %a\n", dot(m + 100, x, 64), m[150]);
  munmap(m, 200 * sizeof *m);
  fclose(f);
  return 0;
}
