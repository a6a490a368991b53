// The check mode's counts survive a program that ends inside a helper
// (exit() deep in a call, which nothing marks noreturn when the pass runs):
// each function flushes its counts before every call it makes.
// RUN: env AFFQ_CHECK=1 %clang -O2 -fpass-plugin=%affq_plugin %s %affq_rt -o %t
// RUN: %t 2>&1 | FileCheck %s --implicit-check-not=affq:
#include "affq.h"

#include <stdio.h>
#include <stdlib.h>

AFFQ_RANGE(0.0f, 1.0f) float y[100];
// CHECK: affq: warning: 'y' ({{.*}}check-mode-exit.c:[[@LINE-1]]): 100 of 100 stored values were outside [0, 1] (min 5, max 104) and were clamped

__attribute__((noinline)) static void done(float s) {
  printf("sum %g\n", s);
  exit(0);
}

int main(void) {
  for (int i = 0; i < 100; i++)
    y[i] = 5.0f + (float)i;
  done(y[3]);
  return 1;
}
