// -Rpass=affq names each quantized array at its declaration, with bits,
// scheme, s, z, bytes before and after, and for constants the max abs error
// over the initializer; the same remarks go to -fsave-optimization-record.
// (M row 0 is {1, -1}, symmetric: 1 maps to 127.5, clamps to 127 and reads
// back 127/127.5, an error of 0.0039216 = s/2.)
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
// The record is made from a copy compiled by its bare name: the YAML writer
// wraps a flow mapping near column 70, so an absolute path (whose length
// depends on where the tree was cloned) would move "Line:" or "Column:" to
// another line. With the bare name, DebugLoc is one line everywhere.
// RUN: rm -rf %t.d && mkdir %t.d && cp %s %t.d/remarks.c
// RUN: cd %t.d && %clang -O2 -fpass-plugin=%affq_plugin -fsave-optimization-record -foptimization-record-file=remarks.yaml -c remarks.c -o remarks.o
// RUN: FileCheck --check-prefix=YAML %s < %t.d/remarks.yaml
#include "affq.h"

AFFQ static const float W[4] = {1.0f, -2.0f, 0.5f, 3.0f};
// CHECK: remarks.c:[[@LINE-1]]:1: remark: quantized 'W' (4 floats): int8 affine, s=0.0196078 z=-26, 16 -> 4 bytes, max abs error 0.00980395 [-Rpass=affq]
// YAML: --- !Passed
// YAML-NEXT: Pass: affq
// YAML-NEXT: Name: Quantized
// YAML-NEXT: DebugLoc: { File: remarks.c, Line: [[#@LINE-5]], Column: 0 }
AFFQ_RANGE_OPTS(0.0f, 8.0f, "bits=4,unsigned") static float act[64];
// CHECK: remarks.c:[[@LINE-1]]:1: remark: quantized 'act' (64 floats): uint4 affine, s=0.533333 z=0, 256 -> 64 bytes [-Rpass=affq]
AFFQ_OPTS("symmetric,per_row") static const float M[2][2] = {{1, -1}, {0.5f, 0.25f}};
// CHECK: remarks.c:[[@LINE-1]]:1: remark: quantized 'M' (4 floats): int8 symmetric per row, 2 rows, row 0 s=0.00784314 z=0, 16 -> 20 bytes, max abs error 0.00392151 [-Rpass=affq]

float use(int i) {
  act[i] = W[i];
  return act[i + 1] + M[i][i];
}

// YAML-NEXT: Function: use
// YAML-NEXT: Args:
// YAML-NEXT: - String: 'quantized ''W'' (4 floats)

