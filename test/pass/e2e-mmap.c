// A pointer initialized by mmap of a file holds the file's floats as codes
// (issue 14 item 2): the call becomes affq_mmap_codes, which maps the file,
// quantizes it a chunk at a time into codes from malloc and unmaps each
// chunk once read; munmap of the whole mapping frees the codes.  The
// program prints the same bytes at -O0 to -O3 as the reference, which maps
// floats and rounds every element through the runtime's scalar math
// (Inputs/reference.h).  Covered: a read-only private mapping of more than
// one 1 MiB chunk, a writable private one (the writes stay in the codes,
// the file keeps its floats), a mapping at a page offset into the file, a
// length that ends inside a float (the file ends there too: its missing
// bytes read as zeros either way), doubles, the MAP_FAILED check, and
// munmap.  -Werror: affq says nothing, every array is quantized.
// RUN: %e2e %s %t -Werror | FileCheck %s
// RUN: %e2e %s %t.fortify -Werror -D_FORTIFY_SOURCE=2 | FileCheck %s
// CHECK: e2e: ok
// CHECK: file unchanged by the private writes: 1
#include "Inputs/reference.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

enum { BIG = 300000 }; /* 1.2 MB: two chunks */

static float value(size_t i) { return 1.4f * sinf(0.37f * (float)i); } /* some clamp */

/* a temporary file holding n floats, and then `tail` bytes of one more */
static int file_of_floats(size_t n, size_t tail) {
  FILE *f = tmpfile();
  for (size_t i = 0; i < n; i++) {
    float x = value(i);
    fwrite(&x, sizeof x, 1, f);
  }
  float x = value(n);
  fwrite(&x, 1, tail, f);
  fflush(f);
  return dup(fileno(f)); /* (the FILE stays open: tmpfile's file lives while it does) */
}

static double sum(const float *x, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++)
    s += x[i];
  return s;
}

int main(void) {
  int fd = file_of_floats(BIG, 0);
  size_t len = BIG * sizeof(float);
  HEAP(big, -1.0f, 1.0f);
  AFFQ_RANGE(-1.0f, 1.0f) float *big = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
  if (big == MAP_FAILED)
    return 1;
#ifdef AFFQ_REFERENCE
  {
    float *w = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ref_apply(w, BIG, &ref_big); /* a writable private copy to round */
    big = w;
  }
#endif
  printf("big: sum %a, [7] %a, [299999] %a\n", sum(big, BIG), big[7], big[BIG - 1]);
  munmap(big, len);

  /* writable and private, from a page offset: 1024 floats after the first page */
  long page = sysconf(_SC_PAGESIZE);
  HEAP(part, -2.0f, 2.0f);
  AFFQ_RANGE(-2.0f, 2.0f) float *part =
      mmap(NULL, 1024 * sizeof(float), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, page);
  if (part == MAP_FAILED)
    return 1;
#ifdef AFFQ_REFERENCE
  ref_apply(part, 1024, &ref_part);
#endif
  for (int i = 0; i < 1024; i += 3)
    PUT(part, part[i], part[i] * 1.5f + 0.25f);
  printf("part: sum %a, [3] %a\n", sum(part, 1024), part[3]);
  munmap(part, 1024 * sizeof(float));
  float back[2]; /* the file is unchanged */
  if (pread(fd, back, sizeof back, page + 3 * sizeof(float)) != sizeof back)
    return 1;
  printf("file unchanged by the private writes: %d\n",
         back[0] == value(page / 4 + 3) && back[1] == value(page / 4 + 4));
  close(fd);

  /* 37 floats and 2 bytes of a 38th: the file ends there */
  fd = file_of_floats(37, 2);
  size_t odd = 37 * sizeof(float) + 2;
  HEAP(tail, -1.0f, 1.0f);
  AFFQ_RANGE(-1.0f, 1.0f) float *tail = mmap(NULL, odd, PROT_READ, MAP_PRIVATE, fd, 0);
  if (tail == MAP_FAILED)
    return 1;
#ifdef AFFQ_REFERENCE
  {
    float *w = mmap(NULL, odd, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ref_apply(w, 38, &ref_tail); /* (bytes past the file's end are zeros) */
    tail = w;
  }
#endif
  print_floats("tail", tail + 30, 8);
  munmap(tail, odd);
  close(fd);

  /* doubles */
  FILE *f = tmpfile();
  for (int i = 0; i < 600; i++) {
    double x = 1.3 * cos(0.21 * i);
    fwrite(&x, sizeof x, 1, f);
  }
  fflush(f);
  static affq_qparams ref_dbl;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &ref_dbl);
  AFFQ_RANGE(-1.0, 1.0) double *dbl = mmap(NULL, 600 * sizeof(double), PROT_READ, MAP_PRIVATE,
                                           fileno(f), 0);
  if (dbl == MAP_FAILED)
    return 1;
#ifdef AFFQ_REFERENCE
  {
    double *w = mmap(NULL, 600 * sizeof(double), PROT_READ | PROT_WRITE, MAP_PRIVATE, fileno(f), 0);
    ref_apply_d(w, 600, &ref_dbl);
    dbl = w;
  }
#endif
  double s = 0;
  for (int i = 0; i < 600; i++)
    s += dbl[i];
  printf("dbl: sum %a, [5] %a\n", s, dbl[5]);
  munmap(dbl, 600 * sizeof(double));
  fclose(f);
  return 0;
}
