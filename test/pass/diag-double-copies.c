// Copies of double arrays: a constant byte count that is no multiple of 8
// leaves the array double, with the reason (as for floats); a count or a
// memset byte known only at run time is taken, a partial double copied
// exactly at run time (e2e-copies-runtime-double.c); heap memory that is
// only copied is not quantized, since nothing says whether it holds floats
// or doubles.
// RUN: %clang -O1 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning:
#include "affq.h"

#include <stdlib.h>
#include <string.h>

AFFQ_RANGE(-1.0, 1.0) double part[8];
// CHECK-DAG: diag-double-copies.c:[[@LINE-1]]:1: warning: affq: 'part' stays double: it is copied in pieces that are not whole doubles
AFFQ_RANGE(-1.0, 1.0) double bytes[8];
// CHECK-DAG: diag-double-copies.c:[[@LINE-1]]:1: remark: quantized 'bytes' (8 doubles)
AFFQ_RANGE(-1.0, 1.0) double set[8];
// CHECK-DAG: diag-double-copies.c:[[@LINE-1]]:1: remark: quantized 'set' (8 doubles)
AFFQ_RANGE(-1.0, 1.0) double whole[8];
// CHECK-DAG: diag-double-copies.c:[[@LINE-1]]:1: remark: quantized 'whole' (8 doubles)

double use(const double *src, size_t nbytes, int byte, int n) {
  memcpy(part, src, 12);
  memcpy(bytes, src, nbytes);
  memset(set, byte, sizeof set);
  memcpy(whole, src, (size_t)n * sizeof(double));
  AFFQ_RANGE(-1.0, 1.0) double *h = malloc(64);
  // CHECK-DAG: diag-double-copies.c:[[@LINE-1]]:1: remark: quantized heap array in 'use' (size known at run time)
  memcpy(h, src, nbytes);
  double r = part[1] + bytes[2] + set[3] + whole[4] + h[0];
  free(h);
  return r;
}

/* heap memory only copied in and out: floats, or doubles?  It cannot be
 * told, so it stays as it is (before, it was taken for floats) */
void copy_through(double *dst, const double *src, int n) {
  AFFQ_RANGE(-1.0, 1.0) double *t = malloc((size_t)n * sizeof *t);
  // CHECK-DAG: diag-double-copies.c:[[@LINE-1]]:1: warning: affq: heap array in 'copy_through' is not quantized: it is only copied, never read or written one element at a time, so affq cannot tell whether it holds floats or doubles
  memcpy(t, src, (size_t)n * sizeof *t);
  memcpy(dst, t, (size_t)n * sizeof *t);
  free(t);
}
