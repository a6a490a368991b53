// Diagnostics name the user's function and the user's line: never a clone
// affq made (matmul.affq), nor clang's inline copy of a glibc wrapper
// (read.inline) or a line in a system header.  Built as distributions build
// (_FORTIFY_SOURCE=2), with line tables.
// RUN: %clang -O2 -D_FORTIFY_SOURCE=2 -g -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=.affq --implicit-check-not=.inline --implicit-check-not=/usr/include
#include "affq.h"

#include <unistd.h>

AFFQ_RANGE(-1, 1) float W[16];
// CHECK: diag-user-names.c:[[@LINE-1]]:1: warning: affq: 'W' stays float: its address is stored to memory (in 'matmul', line [[#@LINE+5]])
AFFQ_RANGE(-1, 1) float V[16];
// CHECK: diag-user-names.c:[[@LINE-1]]:1: warning: affq: 'V' stays float: its address is passed to 'read' (in 'main', line [[#@LINE+8]])
float *keep;
void matmul(float *w) {
  keep = w;
}

int main(void) {
  matmul(W);
  if (read(0, V, sizeof V) != sizeof V)
    return 1;
  return (int)(W[1] + V[2]);
}
