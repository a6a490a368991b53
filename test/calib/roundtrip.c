// Profile-guided ranges, end to end: build instrumented, run twice on
// different inputs, merge, rebuild with the profile, and check every value
// read back is within s/2 of what was stored (the default method, minmax,
// covers every profiled value).  A global written in a loop (recorded in bulk
// at the loop exit) and a local written by memcpy are both profiled.
// RUN: rm -rf %t && mkdir %t
// RUN: env AFFQ_PROFILE_GENERATE=1 %clang -O2 -fpass-plugin=%affq_plugin -Rpass-analysis=affq %s %affq_rt -o %t/gen 2>&1 | FileCheck %s --check-prefix=GEN
// RUN: env AFFQ_PROFILE_FILE=%t/run1.affqprof %t/gen 1 | FileCheck %s --check-prefix=FLOAT
// RUN: env AFFQ_PROFILE_FILE=%t/run2.affqprof %t/gen 3 | FileCheck %s --check-prefix=FLOAT
// RUN: %affq-profdata merge %t/run1.affqprof %t/run2.affqprof -o %t/merged.affqprof
// RUN: %affq-profdata show %t/merged.affqprof | FileCheck %s --check-prefix=SHOW
// RUN: env AFFQ_PROFILE_USE=%t/merged.affqprof %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-analysis=affq %s %affq_rt -o %t/use 2>&1 | FileCheck %s --check-prefix=USE
// RUN: %t/use 1 | FileCheck %s --check-prefix=USED
// RUN: %t/use 3 | FileCheck %s --check-prefix=USED
// Another method, for the whole module:
// RUN: env AFFQ_PROFILE_USE=%t/merged.affqprof AFFQ_OPTIONS=calib=percentile:99 %clang -O2 -fpass-plugin=%affq_plugin -Rpass-analysis=affq -c %s -o %t/pct.o 2>&1 | FileCheck %s --check-prefix=PCT
// PCT: remark: 'act': range [{{.*}}] from the profile (percentile 99; 600 values seen, [-3, 4.425])
// The same through opt's pass parameters:
// RUN: %clang -O0 -Xclang -disable-O0-optnone -S -emit-llvm %s -o %t/prog.ll
// RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq<profile-use=%t/merged.affqprof>' -pass-remarks=affq -S %t/prog.ll -o /dev/null 2>&1 | FileCheck %s --check-prefix=OPT
#include "affq.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 300

AFFQ float act[N];
// GEN: roundtrip.c:[[@LINE-1]]:1: remark: 'act': values stored into it are recorded (profile key roundtrip.c act roundtrip.c:[[@LINE-1]] 300)
// USE-DAG: roundtrip.c:[[@LINE-2]]:1: remark: 'act': range [-3, 4.425] from the profile (minmax; 600 values seen, [-3, 4.425])
// USE-DAG: roundtrip.c:[[@LINE-3]]:1: remark: quantized 'act' (300 floats): int8 affine
// OPT: remark: {{.*}}roundtrip.c:[[@LINE-4]]:0: quantized 'act' (300 floats): int8 affine

/* the values a run with scale k stores: k * [-1, 1.475] */
static float value(int i, float k) { return k * ((float)(i % 100) / 40.0f - 1.0f) * (i < 200 ? 1.0f : 0.6f); }

static float check_local(float k, double *worst) {
  AFFQ float buf[64];
  float src[64];
  for (int i = 0; i < 64; i++)
    src[i] = value(i, k) / 2;
  memcpy(buf, src, sizeof buf);
  float sum = 0;
  for (int i = 0; i < 64; i++) {
    *worst = fmax(*worst, fabs(buf[i] - src[i]));
    sum += buf[i];
  }
  return sum;
}
// GEN: roundtrip.c:[[@LINE-12]]:1: remark: local array in 'check_local': values stored into it are recorded (profile key roundtrip.c check_local.local roundtrip.c:[[@LINE-12]] 64)
// USE-DAG: roundtrip.c:[[@LINE-13]]:1: remark: local array in 'check_local': range [-1.5, 0.8625] from the profile

int main(int argc, char **argv) {
  float k = argc > 1 ? (float)atof(argv[1]) : 1.0f;
  for (int i = 0; i < N; i++)
    act[i] = value(i, k);
  double worst = 0, worst_local = 0;
  for (int i = 0; i < N; i++)
    worst = fmax(worst, fabs(act[i] - value(i, k)));
  float sum = check_local(k, &worst_local);
  /* s of the union of both runs' ranges, as minmax picks it: [-3, 4.425] */
  affq_qparams p, pl;
  affq_choose_qparams(value(0, 3.0f), value(99, 3.0f), 8, 1, AFFQ_AFFINE, &p);
  affq_choose_qparams(value(0, 3.0f) / 2, value(63, 3.0f) / 2, 8, 1, AFFQ_AFFINE, &pl);
  printf("act: max |x' - x| = %.3g s (%s s/2)\n", worst / p.scale,
         worst <= p.scale / 2 * (1 + 1e-4) ? "within" : "BEYOND");
  printf("local: max |x' - x| = %.3g s (%s s/2), sum %g\n", worst_local / pl.scale,
         worst_local <= pl.scale / 2 * (1 + 1e-4) ? "within" : "BEYOND", sum);
  return 0;
}
// FLOAT: act: max |x' - x| = 0 s (within s/2)
// FLOAT: local: max |x' - x| = 0 s (within s/2)
// USED: act: max |x' - x| = {{0\.[1-5][0-9]*}} s (within s/2)
// USED: local: max |x' - x| = {{0\.[1-5][0-9]*}} s (within s/2)
// SHOW: array            where
// SHOW: act              roundtrip.c:[[#]]          300       600     0     0           -3         4.425   [-3, 4.425]
// SHOW: check_local.local roundtrip.c:[[#]]          64       128     0     0
