// An update nest whose exit block is also reached from elsewhere (here it is
// the header of the next loop, which its own latch also reaches) is given an
// exit of its own before it is deleted: the IR verifies after every pass,
// and the compile ends (it hung in LoopDeletion on the broken phi before).
// Found by scripts/loopfuzz.py (seed 7, program p0004).
//
// RUN: %clang -O2 -I%S/../../include -Xclang -disable-llvm-passes -S -emit-llvm %s -o %t.ll
// RUN: %opt -load-pass-plugin=%affq_plugin -passes='default<O2>' -verify-each -pass-remarks=affq %t.ll -o /dev/null 2>&1 | FileCheck %s
#include "affq.h"

AFFQ_RANGE(-1.0f, 1.0f) float W[3][6];
float C[4][6], A[4][3], S[6], R[3];
void g(float);

void bicg_then_loop(void) {
  AFFQ_LOOP
  for (int k = 0; k < 3; k++)
    for (int j = 0; j < 6; j++)
      S[j] += R[k] * W[k][j];
#pragma nounroll
  for (int j = 0; j < 6; j++)
    g(S[j]);
}
// CHECK: remark: {{.*}}update-exit.c:[[@LINE-8]]:0: marked loop: transposed matrix-vector product (an update C += A B, B quantized) runs on the int8 kernel

void ikj_then_loop(void) {
  AFFQ_LOOP_OPTS("kernel=on")
  for (int i = 0; i < 4; i++)
    for (int k = 0; k < 3; k++)
      for (int j = 0; j < 6; j++)
        C[i][j] += A[i][k] * W[k][j];
#pragma nounroll
  for (int j = 0; j < 6; j++)
    g(C[1][j]);
}
// CHECK: remark: {{.*}}update-exit.c:[[@LINE-9]]:0: marked loop: transposed matrix product (an update C += A B, B quantized) runs on the int8 kernel
