// In an instrumented build, a loop that stores one float per iteration into
// a profiled array records the whole run in one call at the loop exit, and
// still vectorizes; a loop that also calls a function keeps a call per store.
// RUN: env AFFQ_PROFILE_GENERATE=1 %clang -O2 -fpass-plugin=%affq_plugin -Rpass=loop-vectorize -S -emit-llvm %s -o %t.ll 2>&1 | FileCheck %s --check-prefix=VEC
// RUN: FileCheck %s < %t.ll
#include "affq.h"

#include <math.h>

AFFQ float act[1024];

// CHECK-LABEL: define {{.*}}void @scale(
// CHECK-NOT: call void @affq_prof_value(
// CHECK: call void @affq_prof_values(ptr nonnull @affq.prof.counters, ptr nonnull @act, i64 %{{.*}})
// CHECK-NOT: call void @affq_prof_value(
// CHECK: ret void
void scale(const float *restrict x, int n) {
  for (int i = 0; i < n; i++)
    act[i] = 2.0f * x[i];
}
// VEC: bulk-record.c:[[@LINE-3]]:{{[0-9]+}}: remark: vectorized loop

// CHECK-LABEL: define {{.*}}void @waves(
// CHECK: call void @affq_prof_value(ptr nonnull @affq.prof.counters, float
void waves(int n) {
  for (int i = 0; i < n; i++)
    act[i] = sinf((float)i);
}
