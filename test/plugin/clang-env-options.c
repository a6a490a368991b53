// Under clang, the pass parameters come from $AFFQ_OPTIONS (clang has no way
// to pass them on the command line).  Good ones compile; a bad one is one
// clang error (not a crash report) and a failed compile.
// RUN: env AFFQ_OPTIONS='bits=4;scheme=symmetric' %clang -O1 -fpass-plugin=%affq_plugin -c %s -o %t.o
// RUN: not env AFFQ_OPTIONS='bits=1' %clang -O1 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s
// CHECK: error: affq: invalid AFFQ_OPTIONS: bits must be an integer from 2 to 8, not '1'
// CHECK-NEXT: 1 error generated.
// CHECK-NOT: Stack dump
int f(void) { return 1; }
