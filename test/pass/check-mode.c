// The check mode counts, per array, the values quantized into it at run time
// that clamp (below qmin or above qmax) or are NaN, with the least and the
// largest seen, and prints one warning per array at exit: a wrong range is
// no longer silent.  Stores and copies in (memcpy from floats, from another
// array's codes, memset) are counted; an array where nothing clamped says
// nothing; a build without check says nothing at all.  The range printed is
// what the codes can represent: for AFFQ_RANGE(-1, 1) that is
// [(qmin - z) s, (qmax - z) s] = [-0.996078, 1.00392] (z = -1).
// RUN: env AFFQ_OPTIONS=check %clang -O0 -fpass-plugin=%affq_plugin %s %affq_rt -o %t0
// RUN: env AFFQ_CHECK=1 %clang -O2 -fpass-plugin=%affq_plugin %s %affq_rt -o %t2
// RUN: %affq-cc -O2 -faffq-check %s -o %tcc
// RUN: %clang -O2 -fpass-plugin=%affq_plugin %s %affq_rt -o %toff
// RUN: %t0 2>&1 | FileCheck %s --implicit-check-not=affq:
// RUN: %t2 2>&1 | FileCheck %s --implicit-check-not=affq:
// RUN: %tcc 2>&1 | FileCheck %s --implicit-check-not=affq:
// RUN: %toff 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not=affq:
// OFF: done
#include "affq.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

AFFQ_RANGE(0.0f, 1.0f) float y[1000];
// CHECK-DAG: affq: warning: 'y' ({{.*}}check-mode.c:[[@LINE-1]]): 997 of 1000 stored values were outside [0, 1] (min 0.5, max 1001) and were clamped
AFFQ_RANGE(-1.0f, 1.0f) float fine[64];
AFFQ_RANGE(-1.0f, 1.0f) float copied[16];
// CHECK-DAG: affq: warning: 'copied' ({{.*}}check-mode.c:[[@LINE-1]]): 13 of 32 stored values were outside [-0.996078, 1.00392] (min -3, max 3.98431) and were clamped; 2 of 32 stored values were NaN and were stored as 0
AFFQ_RANGE(0.0f, 8.0f) float wide[16];

static volatile size_t eight = 8 * sizeof(float);

int main(void) {
  for (int i = 0; i < 1000; i++) /* 3 values inside, 997 above */
    y[i] = i < 3 ? 0.5f : (float)(2 + i);
  for (int i = 0; i < 64; i++) /* inside: counted, nothing to say */
    fine[i] = 0.01f * (float)i;
  float src[16] = {-3, 3, NAN, NAN, 0.5f, -0.5f};
  memcpy(copied, src, sizeof src); /* 16 floats in: 2 clamp, 2 NaN */
  for (int i = 0; i < 16; i++)
    wide[i] = 0.5f * (float)i; /* 0 .. 7.5: inside [0, 8] */
  memcpy(copied, wide + 1, sizeof(float) * 8); /* codes of another array, 0.5 .. 4: 6 above */
  memcpy(copied + 8, wide, eight); /* a run-time length, 0 .. 3.5: 5 above */
  float s = 0;
  for (int i = 0; i < 1000; i++)
    s += y[i];
  printf("done %g %g %g\n", s, fine[3], copied[0]);
  return 0;
}
