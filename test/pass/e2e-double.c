// Arrays of double are stored as int8 codes too (issue 14 item 3): reads
// dequantize to double, (double)(q - z) * (double)s, and writes quantize
// in double, roundeven(x / (double)s) + z.  The program prints the same
// bytes at -O0 to -O3 as the reference built from the runtime's double
// API (Inputs/reference.h), and its IR verifies.  Globals with a range and
// with a constant initializer, per-row tables, a local with a constant
// initializer, heap memory from malloc and calloc, memcpy in and out at
// constant and run-time lengths, memset, a pointer walk with a pointer
// difference, and a callee that takes a double *.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: calloc'd, before any write: 0x0p+0 0x0p+0
#include "Inputs/reference.h"

#include <stdlib.h>
#include <string.h>

AFFQ_RANGE(-2.0, 2.0) double g[24];
REF_PARAMS(g);
AFFQ static CONST double table[8] = {0.5, -1.25, 3.0, 2.0, -0.75, 1e-3, 2.5, -3.0};
REF_PARAMS(table);
AFFQ_RANGE_OPTS(-1.0, 1.0, "per_row") static double rows[3][5];
REF_PARAMS(rows);

/* a callee given a pointer into g: specialized for the codes */
__attribute__((noinline)) static double sum(const double *v, int n) {
  double s = 0;
  for (int i = 0; i < n; i++)
    s += v[i];
  return s;
}

static double local_table(int k) {
  AFFQ double lt[6] = {0.25, -0.5, 0.75, 1.5, -2.25, 0.125};
  REF_PARAMS(lt);
  REF_INIT_D(lt, 8, 1, AFFQ_AFFINE);
  /* 2-D: clang's stores go through a GEP of a GEP (progfuzz found the
   * initializer taken for all zero: an error) */
  AFFQ_OPTS("symmetric") double lt2[2][3] = {{1.049, -0.8107, 1.0993}, {2.5546, 0.317, 0.0}};
  REF_PARAMS(lt2);
  REF_INIT_D(lt2, 8, 1, AFFQ_SYMMETRIC);
  return lt[k % 6] + lt2[k % 2][k % 3];
}

int main(int argc, char **argv) {
  (void)argv;
  int n = 20 + argc; /* known at run time only */
  REF_RANGE_D(g, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  REF_INIT_D(table, 8, 1, AFFQ_AFFINE);
  REF_RANGE_D(rows, -1.0f, 1.0f, 8, 1, AFFQ_AFFINE);
  for (int i = 0; i < 24; i++)
    PUT_D(g, g[i], (i - 12) / 6.1);
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 5; c++)
      PUT_D(rows, rows[r][c], (r * 5 + c) / 7.3 - 1.0);

  /* a pointer walk; p - g is an element count */
  long where = 0;
  for (double *p = g; p < g + 24; p += 5)
    if (*p > 0.5) {
      where = p - g;
      break;
    }

  double buf[24], in[24];
  for (int i = 0; i < 24; i++)
    in[i] = 1.9 - i * 0.17;
#ifdef AFFQ_REFERENCE
  for (int i = 0; i < 24; i++)
    buf[i] = g[i]; /* codes out */
  for (int i = 0; i < n; i++)
    PUT_D(g, g[i], in[i]); /* doubles in, run-time length */
#else
  memcpy(buf, g, sizeof buf);
  memcpy(g, in, n * sizeof *g);
#endif

  AFFQ_RANGE(-1.0f, 3.0f) double *h = malloc(n * sizeof *h);
  HEAP(h, -1.0f, 3.0f);
  for (int i = 0; i < n; i++)
    PUT_D(h, h[i], i / 10.0 - 1.0);
  AFFQ_RANGE(-2.0f, 6.0f) double *z = calloc(n, sizeof *z);
  HEAP(z, -2.0f, 6.0f);
  printf("calloc'd, before any write: %a %a\n", z[0], z[n - 1]);
#ifdef AFFQ_REFERENCE
  for (int i = 0; i < 10; i++)
    PUT_D(z, z[i], in[i]);
  for (int i = 10; i < 14; i++)
    PUT_D(z, z[i], 0.0);
#else
  memcpy(z, in, 10 * sizeof *z);
  memset(z + 10, 0, 4 * sizeof *z);
#endif

  double lt[3] = {local_table(1), local_table(4), local_table(11)};
  print_doubles("g", g, 24);
  print_doubles("buf", buf, 24);
  print_doubles("table", table, 8);
  double rc[15];
  for (int i = 0; i < 15; i++)
    rc[i] = rows[i / 5][i % 5]; /* (a per-row array's address stays in its function) */
  print_doubles("rows", rc, 15);
  print_doubles("h", h, (size_t)n);
  print_doubles("z", z, (size_t)n);
  print_doubles("local", lt, 3);
  printf("where %ld, sums %a %a\n", where, sum(g + 2, 10), sum(h, n));
  free(h);
  free(z);
  return 0;
}
