// Addresses the pass cannot follow leave the array float, with one warning
// at the declaration saying why and where (and a -Rpass-missed remark); the
// program still compiles and runs, unchanged.
// RUN: %clang -O1 -fpass-plugin=%affq_plugin -Rpass-missed=affq %s -o %t 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %t | FileCheck --check-prefix=OUT %s
// RUN: %clang -O0 -fpass-plugin=%affq_plugin %s -S -emit-llvm -o - 2>/dev/null | FileCheck --check-prefix=IR %s
#include "affq.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

float *keep;
AFFQ_RANGE(-1, 1) static float external[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'external' stays float: its address is passed to 'printf' (in 'main'{{(, line [0-9]+)?}})
// CHECK: refuse-escapes.c:[[@LINE-2]]:1: remark: 'external' stays float: its address is passed to 'printf' (in 'main'{{(, line [0-9]+)?}}) [-Rpass-missed=affq]
AFFQ_RANGE(-1, 1) static float stored[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'stored' stays float: its address is stored to memory (in 'main'{{(, line [0-9]+)?}})
AFFQ_RANGE(-1, 1) static float as_int[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'as_int' stays float: its address is converted to an integer (in 'main'{{(, line [0-9]+)?}})
AFFQ_RANGE(-1, 1) static float in_asm[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'in_asm' stays float: its address is given to inline asm (in 'main'{{(, line [0-9]+)?}})
AFFQ_RANGE(-1, 1) static float returned[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'returned' stays float: its address is returned from a function other files may call, or whose address is taken; make it static and call it directly (in 'get'{{(, line [0-9]+)?}})
AFFQ_RANGE(-1, 1) static float punned[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'punned' stays float: it is indexed as something other than floats (in 'main'{{(, line [0-9]+)?}})
AFFQ_RANGE(-1, 1) static float mixed[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'mixed' stays float: a pointer may point into it or elsewhere (in 'main'{{(, line [0-9]+)?}})
AFFQ_RANGE(-1, 1) static float subtracted[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'subtracted' stays float: its address is subtracted from a pointer elsewhere (in 'offset'{{(, line [0-9]+)?}})
AFFQ_RANGE(-1, 1) static float piece[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'piece' stays float: it is copied in pieces that are not whole floats (in 'main'{{(, line [0-9]+)?}})
AFFQ_RANGE(-1, 1) static float via_int[4];
// CHECK: refuse-escapes.c:[[@LINE-1]]:1: warning: affq: 'via_int' stays float: a pointer variable holding its address is read as an integer (in 'main'{{(, line [0-9]+)?}})
static float plain[4];

float *get(void) { return returned; }
long offset(float *q) { return q - subtracted; }

int main(int argc, char **argv) {
  (void)argv;
  external[1] = stored[1] = as_int[1] = in_asm[1] = punned[1] = mixed[1] = 0.3f;
  printf("%p\n", (void *)external);
  keep = stored;
  uintptr_t bits = (uintptr_t)as_int;
  __asm__ volatile("" ::"r"(in_asm));
  int raw = ((int *)punned)[1];
  float *either = argc > 5 ? mixed : plain;
  char bytes[6];
  memcpy(bytes, piece, 6);
  float *vp = via_int;
  long as_long = *(long *)&vp;
  printf("%d %d %g %g %g %d\n", (int)(bits != 0), raw, get()[0], either[0], mixed[1], (int)(as_long != 0) + bytes[0]);
  // OUT: 1 1050253722 0 0 0.3 1
  return 0;
}
// Every one of them is still a float array in the IR.
// IR-DAG: @external = internal global [4 x float]
// IR-DAG: @stored = internal global [4 x float]
// IR-DAG: @as_int = internal global [4 x float]
// IR-DAG: @in_asm = internal global [4 x float]
// IR-DAG: @returned = internal global [4 x float]
// IR-DAG: @punned = internal global [4 x float]
// IR-DAG: @mixed = internal global [4 x float]
// IR-DAG: @subtracted = internal global [4 x float]
// IR-DAG: @piece = internal global [4 x float]
// IR-DAG: @via_int = internal global [4 x float]
