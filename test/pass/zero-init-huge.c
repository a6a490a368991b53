// A zero-initialized annotated array costs the pass O(1) time and memory,
// whatever its length: its codes are one value (z here, set by a
// constructor), and its initializer is never copied out.  Before, 5e9 floats
// took the pass more than 10 minutes and 15 GB; here the compile must fit in
// 2 GB of address space (the old pass failed its 20 GB allocation).
// RUN: bash -c "ulimit -v 2000000 && %clang -O1 -fpass-plugin=%affq_plugin -Rpass=affq -c %s -o %t.o" 2>&1 | FileCheck %s
// RUN: llvm-nm -S %t.o | FileCheck %s --check-prefix=SYM
#include "affq.h"

AFFQ_RANGE(-1, 1) float huge[5000000000L];
// CHECK: zero-init-huge.c:[[@LINE-1]]:1: remark: quantized 'huge' (5000000000 floats): int8 affine, s=0.00784314 z=-1, 20000000000 -> 5000000000 bytes
// SYM-DAG: 000000012a05f200 B huge.affq.codes.i8
// SYM-DAG: affq.set_zero_points

float get(long i) { return huge[i]; }
