// With -fopenmp, clang moves the body of a parallel region into a function
// of its own (.omp_outlined.): AFFQ_KERNEL on the function that holds the
// region finds no loop, and the warning says why and what to do; AFFQ_LOOP
// on the loop inside the region is followed into the outlined function and
// its product runs on the kernel.
// RUN: %clang -O2 -fopenmp -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -c %s -o %t.o 2>&1 | FileCheck %s
#include "affq.h"

AFFQ_RANGE(-1, 1) static float W[64][64];

AFFQ_KERNEL void matmul(float *xout, const float *x) {
  int i;
#pragma omp parallel for private(i)
  for (i = 0; i < 64; i++) {
    float val = 0.0f;
    for (int j = 0; j < 64; j++)
      val += W[i][j] * x[j];
    xout[i] = val;
  }
}
// CHECK-DAG: openmp.c:11:1: warning: affq: AFFQ_KERNEL function 'matmul' has no loops: OpenMP moved the loop of its parallel region into a function of its own, which the mark does not reach; put AFFQ_LOOP before the loop inside the region instead

void matmul_marked(float *xout, const float *x) {
  int i;
#pragma omp parallel for private(i)
  for (i = 0; i < 64; i++) {
    float val = 0.0f;
    AFFQ_LOOP
    for (int j = 0; j < 64; j++)
      val += W[i][j] * x[j];
    xout[i] = val;
  }
}
// CHECK-DAG: openmp.c:28:1: remark: marked loop: dot product runs on the int8 kernel
