// A running sum kept in a quantized array (load, add, store back at an
// address the loop does not change) would store every partial sum as a
// code, losing each increment below s/2: before, y below printed 0 four
// times.  An affq array stays float with a warning naming the loop's
// function and line and s/2, unless the annotation says `accumulate`; a
// TAFFO annotation (TAFFO means 32-bit fixed point there) stays float with
// a remark; also with the loops swapped (llama2.c's attention), where each
// outer iteration revisits every element.  An element updated once per
// iteration is no running sum.
// RUN: %clang -O0 -g -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq %s %affq_rt -o %t0 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang -O2 -g -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq %s %affq_rt -o %t2 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %t0 | FileCheck %s --check-prefix=OUT
// RUN: %t2 | FileCheck %s --check-prefix=OUT
#include "affq.h"

#include <stdio.h>

AFFQ_RANGE(-10.0f, 10.0f) float y[4];
// CHECK-DAG: diag-running-sum.c:[[@LINE-1]]:1: warning: affq: 'y' stays float: a running sum is kept in it across a loop (in 'gemv', line [[#@LINE+18]]): each partial sum is stored as a code, so any increment below s/2 = 0.0392 is lost; sum in a float variable and store the total, or add the option 'accumulate' to quantize it anyway
AFFQ_RANGE(-10.0f, 10.0f) float z[4];
// CHECK-DAG: diag-running-sum.c:[[@LINE-1]]:1: warning: affq: 'z' stays float: a running sum is kept in it across a loop (in 'gemv_compound', line [[#@LINE+32]])
AFFQ_RANGE_OPTS(-10.0f, 10.0f, "accumulate") float acc_ok[4];
// CHECK-DAG: diag-running-sum.c:[[@LINE-1]]:1: remark: quantized 'acc_ok'
AFFQ_RANGE(-10.0f, 10.0f) float swapped[4];
// CHECK-DAG: diag-running-sum.c:[[@LINE-1]]:1: warning: affq: 'swapped' stays float: a running sum is kept in it across a loop (in 'gemv_swapped', line [[#@LINE+45]])
AFFQ_RANGE(-10.0f, 10.0f) float scaled[64];
// CHECK-DAG: diag-running-sum.c:[[@LINE-1]]:1: remark: quantized 'scaled'
float __attribute__((annotate("scalar(range(-10, 10))"))) t[4];
// CHECK-DAG: diag-running-sum.c:[[@LINE-1]]:1: remark: 't' stays float: a running sum is kept in it across a loop (in 'gemv_taffo'{{.*}}TAFFO's annotation means fixed point of 32 bits or more there

float A[4][64], x[64];

void gemv(void) {
  for (int i = 0; i < 4; i++) {
    y[i] = 0;
    for (int j = 0; j < 64; j++)
      y[i] = y[i] + A[i][j] * x[j];
  }
}

void gemv_taffo(void) {
  for (int i = 0; i < 4; i++) {
    t[i] = 0;
    for (int j = 0; j < 64; j++)
      t[i] = t[i] + A[i][j] * x[j];
  }
}

void gemv_compound(void) {
  for (int i = 0; i < 4; i++) {
    z[i] = 0;
    for (int j = 0; j < 64; j++)
      z[i] += A[i][j] * x[j];
  }
}

void gemv_acc(void) {
  for (int i = 0; i < 4; i++) {
    acc_ok[i] = 0;
    for (int j = 0; j < 64; j++)
      acc_ok[i] += A[i][j] * x[j];
  }
}

void gemv_swapped(void) { /* the loops the other way: each j revisits every element */
  for (int i = 0; i < 4; i++)
    swapped[i] = 0;
  for (int j = 0; j < 64; j++)
    for (int i = 0; i < 4; i++)
      swapped[i] = swapped[i] + A[i][j] * x[j];
}

void scale(void) { /* each element read and written once: not a sum */
  for (int j = 0; j < 64; j++)
    scaled[j] = scaled[j] * 0.5f + x[j];
}

int main(void) {
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 64; j++)
      A[i][j] = 0.01f * (float)(i + 1), x[j] = 0.5f;
  gemv(), gemv_taffo(), gemv_compound(), gemv_acc(), gemv_swapped(), scale();
  /* float: 0.32 (i + 1); the opted-in array loses every increment (0.005 < s/2) */
  for (int i = 0; i < 4; i++)
    printf("%.2f %.2f %.2f %.2f %.2f\n", y[i], t[i], z[i], acc_ok[i], swapped[i]);
  // OUT: 0.32 0.32 0.32 0.00 0.32
  // OUT: 0.64 0.64 0.64 0.00 0.64
  // OUT: 0.96 0.96 0.96 0.00 0.96
  // OUT: 1.28 1.28 1.28 0.00 1.28
  return 0;
}
