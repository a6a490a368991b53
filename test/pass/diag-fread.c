// fread into an annotated array that affq cannot quantize on the way in
// keeps the array float, with a located warning that says why.
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning:
#include "affq.h"

#include <stdio.h>
#include <stdlib.h>

AFFQ_RANGE_OPTS(-1.0f, 1.0f, "per_row") static float rows[4][8];
// CHECK: diag-fread.c:[[@LINE-1]]:1: warning: affq: 'rows' stays float: a per-row array is read with fread (affq quantizes a read per tensor only) (in 'load_rows')
size_t load_rows(FILE *f) {
  return fread(rows, sizeof(float), 32, f);
}
float row_sum(int i) {
  float s = 0;
  for (int j = 0; j < 8; j++)
    s += rows[i][j];
  return s;
}

/* heap memory that is only read from a file: float or double? */
void load_blob(FILE *f, size_t n) {
  AFFQ_RANGE(-1.0f, 1.0f) void *blob = malloc(n);
  // CHECK: diag-fread.c:[[@LINE-1]]:1: warning: affq: heap array in 'load_blob' is not quantized: it is only read from a file, never read or written one element at a time, so affq cannot tell whether it holds floats or doubles (in 'load_blob')
  (void)fread(blob, 1, n, f);
  free(blob);
}
