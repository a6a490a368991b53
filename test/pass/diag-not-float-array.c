// Annotating something that is not an array of float or double is an error at the
// declaration (exit status 1), one per declaration, never a crash.
// RUN: not %clang -O0 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=error:
#include "affq.h"

AFFQ static const int ints[4] = {1, 2, 3, 4};
// CHECK: diag-not-float-array.c:[[@LINE-1]]:1: error: affq: affq annotates 'ints', which is not an array of float or double
AFFQ static const long double ldbl[2] = {1, 2};
// CHECK: diag-not-float-array.c:[[@LINE-1]]:1: error: affq: affq annotates 'ldbl', which is not an array of float or double
AFFQ static float scalar = 3.0f;
// CHECK: diag-not-float-array.c:[[@LINE-1]]:1: error: affq: affq annotates 'scalar', which is not an array of float or double
struct pair { float x; int n; };
AFFQ static struct pair mixed[2] = {{1, 2}, {3, 4}};
// CHECK: diag-not-float-array.c:[[@LINE-1]]:1: error: affq: affq annotates 'mixed', which is not an array of float or double

struct cplx { float re, im; };
AFFQ static struct cplx pairs[2] = {{1, 2}, {3, 4}};
// CHECK: diag-not-float-array.c:[[@LINE-1]]:1: error: affq: affq annotates 'pairs', which is not an array of float or double
AFFQ static _Complex float cf[2] = {1, 2};
// CHECK: diag-not-float-array.c:[[@LINE-1]]:1: error: affq: affq annotates 'cf', which is not an array of float or double

int use(int i) {
  AFFQ_RANGE(0, 10) int local[4] = {1, 2, 3, 4};
  // CHECK: diag-not-float-array.c:[[@LINE-1]]:1: error: affq: affq annotates local array in 'use', which is not an array of float or double
  return ints[i] + (int)ldbl[i] + (int)scalar + mixed[i].n + local[i] + (int)pairs[i].im + (int)__real__ cf[i];
}
