// fread into annotated storage quantizes on the way in (issue 14 item 2):
// the call becomes affq_fread, which reads the same bytes in 16 KiB chunks
// and quantizes each chunk's whole elements into the codes, with no float
// copy of the whole.  The program prints the same bytes at -O0 to -O3 as
// the reference, which freads floats and rounds each element it touched
// through the runtime's scalar math (Inputs/reference.h).  Covered: a
// global larger than one chunk, a byte count that ends inside a float (its
// bytes overlay the float the codes read as), a short read at end of file
// (fread's return value and feof), a local array, heap memory from malloc,
// a double array, a callee given a float * that freads into it (its
// specialized clone), fread_unlocked, and the fortified form that
// distributions build with (_FORTIFY_SOURCE=2: __fread_chk).  -Werror:
// affq says nothing, every array is quantized.
// RUN: %e2e %s %t -Werror | FileCheck %s
// RUN: %e2e %s %t.fortify -Werror -D_FORTIFY_SOURCE=2 | FileCheck %s
// CHECK: e2e: ok
// CHECK: big: 6000 items
// CHECK: bytes: 22 items
// CHECK: short: 26 items, eof 1
#define _GNU_SOURCE /* fread_unlocked */
#include "Inputs/reference.h"

#include <stdlib.h>
#include <string.h>

enum { BIG = 6000 }; /* more than one 16 KiB chunk (4096 floats) */
AFFQ_RANGE(-1.0f, 1.0f) static float big[BIG];
REF_PARAMS(big);
AFFQ_RANGE(-2.0f, 2.0f) static float small[16];
REF_PARAMS(small);
AFFQ_RANGE(-1.0, 1.0) static double dbl[40];
REF_PARAMS(dbl);

/* counts the compiler cannot see: the fortified fread is __fread_chk */
static volatile size_t n_big = BIG, n_bytes = 22, n_more = 9, n_dbl = 40, n_loc = 24, n_two = 2;

#ifdef AFFQ_REFERENCE
/* after n bytes read into x from element first, the elements touched hold
 * codes again */
#define TOUCHED(a, x, first, n)                                                                    \
  for (size_t i_ = (first); i_ < (first) + ((n) + sizeof *(x) - 1) / sizeof *(x); i_++)           \
  PUT(a, x[i_], x[i_])
#define TOUCHED_D(a, x, first, n)                                                                  \
  for (size_t i_ = (first); i_ < (first) + ((n) + 7) / 8; i_++)                                    \
  PUT_D(a, x[i_], x[i_])
#else
#define TOUCHED(a, x, first, n) ((void)0)
#define TOUCHED_D(a, x, first, n) ((void)0)
#endif

/* a callee that reads into whatever float * it is given */
__attribute__((noinline)) static size_t load(float *dst, size_t n, FILE *f) {
  return fread(dst, sizeof *dst, n, f);
}

static float value(size_t i) { return 1.4f * sinf(0.37f * (float)i); } /* some clamp */

static FILE *file_of_floats(size_t n) {
  FILE *f = tmpfile();
  for (size_t i = 0; i < n; i++) {
    float x = value(i);
    fwrite(&x, sizeof x, 1, f);
  }
  rewind(f);
  return f;
}

static void print_sum(const char *what, const float *x, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++)
    s += x[i];
  printf("%s sum %a\n", what, s);
}

int main(void) {
  REF_RANGE(big, -1.0f, 1.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE(small, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE_D(dbl, -1.0, 1.0, 8, 1, AFFQ_AFFINE);

  FILE *f = file_of_floats(BIG + 64);
  size_t got = fread(big, sizeof(float), n_big, f);
  TOUCHED(big, big, 0, got * sizeof(float));
  printf("big: %zu items\n", got);
  print_sum("big", big, BIG);
  print_floats("big head", big, 8);

  /* 5 floats and 2 bytes of the sixth, in items of one byte */
  got = fread(small + 3, 1, n_bytes, f);
  TOUCHED(small, small, 3, got);
  printf("bytes: %zu items\n", got);
  print_floats("small", small, 16);

  /* a callee, then fread_unlocked */
  got = load(small, 4, f);
  TOUCHED(small, small, 0, got * sizeof(float));
  /* (a constant count of 8 bytes or less would be glibc's macro, which
   * reads byte by byte with getc_unlocked: affq then warns and keeps float) */
  got = fread_unlocked(small + 8, sizeof(float), n_two, f);
  TOUCHED(small, small, 8, got * sizeof(float));
  print_floats("small", small, 16);

  /* 256 - 22 - 24 = 210 bytes are left: ask for 288, in 8-byte items */
  got = fread(big + 100, 8, n_more * 4, f);
  TOUCHED(big, big, 100, got * 8 + 2); /* (the 2 bytes of the last, partial item too) */
  printf("short: %zu items, eof %d\n", got, feof(f) != 0);
  print_floats("big 100", big + 100, 56);
  fclose(f);

  /* a local array and heap memory */
  f = file_of_floats(64);
  AFFQ_RANGE(-1.0f, 1.0f) float local[32];
  HEAP(heap, -0.5f, 0.5f);
  AFFQ_RANGE(-0.5f, 0.5f) float *heap = malloc(32 * sizeof(float));
  for (int i = 0; i < 32; i++)
    local[i] = 0.0f, PUT(heap, heap[i], 0.0f);
#ifdef AFFQ_REFERENCE
  static affq_qparams ref_local;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &ref_local);
#endif
  got = fread(local, sizeof(float), n_loc, f);
  TOUCHED(local, local, 0, got * sizeof(float));
  got = fread(heap + 1, sizeof(float), 30, f);
  TOUCHED(heap, heap, 1, got * sizeof(float));
  print_floats("local", local, 32);
  print_floats("heap", heap, 32);
  free(heap);
  fclose(f);

  /* doubles */
  f = tmpfile();
  for (int i = 0; i < 40; i++) {
    double x = 1.3 * cos(0.21 * i);
    fwrite(&x, sizeof x, 1, f);
  }
  rewind(f);
  got = fread(dbl, sizeof(double), n_dbl, f);
  TOUCHED_D(dbl, dbl, 0, got * sizeof(double));
  double s = 0;
  for (int i = 0; i < 40; i++)
    s += dbl[i];
  printf("dbl: %zu items, sum %a, dbl[7] %a\n", got, s, dbl[7]);
  fclose(f);
  return 0;
}
