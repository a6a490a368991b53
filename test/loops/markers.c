// AFFQ_LOOP and AFFQ_KERNEL: each marker is tied to the loop after it and
// deleted; misplaced or useless markers get one warning at their line, a
// bad option one error; at -O0 a remark says products stay element-wise.
// RUN: not %clang -O2 -fpass-plugin=%affq_plugin -DBAD_OPTION -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning:
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -Rpass-analysis=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=O0
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
#include "affq.h"

AFFQ_RANGE(-1.0f, 1.0f) static float W[256];
static float plain[256];

float used(const float *x) {
  float acc = 0;
  AFFQ_LOOP
  for (int i = 0; i < 256; i++)
    acc += W[i] * x[i];
  // O0: markers.c:[[@LINE-3]]:1: remark: this AFFQ_LOOP loop stays element-wise at -O0: products become int8 kernel calls from -O1 up
  return acc;
}

float no_loop(void) {
  AFFQ_LOOP
  // CHECK: markers.c:[[@LINE-1]]:1: warning: affq: AFFQ_LOOP is not followed by a loop; it is ignored
  return W[3];
}

float not_quantized(const float *x) {
  float acc = 0;
  AFFQ_LOOP
  // CHECK: markers.c:[[@LINE-1]]:1: warning: affq: this AFFQ_LOOP loop touches no quantized array; it is left as it is
  for (int i = 0; i < 256; i++)
    acc += plain[i] * x[i];
  return acc;
}

AFFQ_KERNEL float kernel_without_loops(int i) { return W[i]; }
// CHECK: markers.c:[[@LINE-1]]:1: warning: affq: AFFQ_KERNEL function 'kernel_without_loops' has no loops

float while_loop(const float *x, int n) {
  float acc = 0;
  int i = 0;
  AFFQ_LOOP_OPTS("dynamic=off")
  while (i < n) {
    acc += W[i] * x[i];
    i++;
  }
  return acc;
}

#ifdef BAD_OPTION
float bad(const float *x) {
  float acc = 0;
  AFFQ_LOOP_OPTS("dynamc")
  // BAD: markers.c:[[@LINE-1]]:1: error: affq: unknown loop option 'dynamc' (expected dynamic, dynamic=on, dynamic=off, kernel=auto, kernel=on or kernel=off)
  for (int i = 0; i < 256; i++)
    acc += W[i] * x[i];
  return acc;
}
#endif

// Every marker call is gone, and so is the mark once the loop stage is done.
// IR-NOT: llvm.annotation
// IR-NOT: affq.loop
// IR-NOT: llvm.loop.unroll.disable
