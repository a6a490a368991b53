// A function given a pointer into a global annotated array that also names
// the array: its clone, specialized for the codes, names the array too, and
// those accesses must be rewritten like every other (they were not: the
// clone read codes as floats, a silent miscompile). Reads and a write by
// name, in a callee and in a callee's callee. Every -O level prints what the
// reference prints, and the IR has the clones.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: f(X + 3): {{.*}}
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o %t.ll
// RUN: FileCheck --check-prefix=IR %s < %t.ll
// IR-DAG: define internal float @f.affq(
// IR-DAG: define internal void @g.affq(
// IR-DAG: define internal float @h.affq(
#include "Inputs/reference.h"

AFFQ_RANGE(-2.0f, 2.0f) static float X[8];
REF_PARAMS(X);

__attribute__((noinline)) static float f(const float *p) { return p[0] + X[1] + X[2]; }

__attribute__((noinline)) static void g(float *p) { PUT(X, X[7], p[0] * 0.5f - X[6]); }

__attribute__((noinline)) static float h(const float *p) { return f(p + 1) * X[0]; }

int main(void) {
  REF_RANGE(X, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  for (int i = 0; i < 8; i++)
    PUT(X, X[i], (float)i * 0.37f - 1.3f);
  printf("f(X + 3): %a, f(X): %a\n", f(X + 3), f(X));
  g(X + 2);
  printf("after g: %a\n", X[7]);
  printf("h(X + 2): %a\n", h(X + 2));
  print_floats("X", X, 8);
  return 0;
}
