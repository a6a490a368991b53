// How TAFFO's annotations map to affq: scalar(range(a, b)) on a float array
// is AFFQ_RANGE(a, b); scalar() takes a profile's range or stays float;
// disabled stays float; scalars, integers, structs and functions mean
// nothing to affq and are ignored with a remark; an array of double is
// quantized as any (issue 14); a malformed annotation is a warning
// (someone else's language), never an error.
// RUN: %clang -O1 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -Rpass-analysis=affq -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: %clang -O1 -fpass-plugin=%affq_plugin -Wno-everything -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=QUIET --allow-empty
// QUIET-NOT: error
#include "affq.h"

#define TAFFO(s) __attribute__((annotate(s)))

float TAFFO("scalar(range(-2, 2))") ranged[64];
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: quantized 'ranged' (64 floats): int8 affine, s=0.0156863 z=-1
AFFQ_RANGE(-2.0f, 2.0f) float same_as_affq[64];
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: quantized 'same_as_affq' (64 floats): int8 affine, s=0.0156863 z=-1
float TAFFO("target('t') scalar(range(0, 1) final error(1e-3)) backtracking(2)") with_more[8];
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: quantized 'with_more' (8 floats): int8 affine
float TAFFO("scalar()") no_range[8];
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: TAFFO's scalar() gives no range, and there is no calibration profile: the array stays float
float TAFFO("scalar(range(-1, 1) disabled)") off[8];
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: 'off' stays float: its TAFFO annotation says disabled
int TAFFO("scalar(range(0, 100))") counts[8];
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: TAFFO annotation on 'counts' ignored: affq stores float and double arrays as INT8, and this is not an array of float or double
struct pair {
  float a;
  int b;
};
struct pair TAFFO("struct[scalar(range(0, 1)), void]") pr;
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: TAFFO annotation on 'pr' ignored: affq stores float and double arrays as INT8, and this is a struct pattern
double TAFFO("scalar(range(-1, 1))") dbl[8];
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: quantized 'dbl' (8 doubles): int8 affine
float TAFFO("scalar(range(-1, 1)") broken[8];
// CHECK-DAG: mapping.c:[[@LINE-1]]:1: warning: affq: TAFFO annotation not understood (at column 20: expected ')'); 'broken' stays float
float TAFFO("not TAFFO at all") other[8]; /* someone else's annotation: not ours */

float use(int i) {
  float TAFFO("scalar(range(-128, 128))") a = (float)i;
  // CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: TAFFO annotation on local array in 'use' ignored: affq stores float and double arrays as INT8, and this is not an array of float or double
  float TAFFO("scalar(range(-4, 4))") local[4] = {0};
  // CHECK-DAG: mapping.c:[[@LINE-1]]:1: remark: quantized local array in 'use' (4 floats)
  local[i & 3] = a;
  ranged[i] = same_as_affq[i] = with_more[i & 7] = no_range[i & 7] = off[i & 7] = broken[i & 7] =
      other[i & 7] = (float)i;
  counts[i & 7] = i;
  pr.a = (float)i;
  dbl[i & 7] = i;
  return ranged[i] + same_as_affq[i] + with_more[i & 7] + no_range[i & 7] + off[i & 7] +
         broken[i & 7] + other[i & 7] + local[i & 3] + pr.a + (float)dbl[i & 7];
}
