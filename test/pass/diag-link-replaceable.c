// A global whose definition the linker may replace or merge (weak, or a
// tentative definition under -fcommon) stays float with a warning: made
// private, this file would read its own copy while the rest of the program
// used the definition that won at link time.
// RUN: %clang -O1 -fcommon -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
// The float symbols stay global, each 64 bytes, as in any other build:
// RUN: llvm-nm -S %t.o | FileCheck %s --check-prefix=SYM
// Without -fcommon the same tentative definition is an ordinary one:
// RUN: %clang -O1 -fno-common -fpass-plugin=%affq_plugin -Rpass=affq -c %s -o %t2.o 2>&1 | FileCheck %s --check-prefix=NOCOMMON
#include "affq.h"

AFFQ_RANGE(-1.0f, 1.0f) __attribute__((weak)) float weak_w[16];
// CHECK: diag-link-replaceable.c:[[@LINE-1]]:1: warning: affq: 'weak_w' stays float: it is weak, so another file's definition may replace it at link time; give it one strong definition
AFFQ_RANGE(-1.0f, 1.0f) float tentative[16];
// CHECK: diag-link-replaceable.c:[[@LINE-1]]:1: warning: affq: 'tentative' stays float: it is a tentative definition (-fcommon), which the linker may merge with another file's; initialize it (= {0}) or build with -fno-common
// NOCOMMON: diag-link-replaceable.c:[[@LINE-2]]:1: remark: quantized 'tentative'
// SYM-DAG: 0000000000000040 C tentative
// SYM-DAG: 0000000000000040 V weak_w

/* the same for double arrays (progfuzz found them quantized) */
AFFQ_RANGE(-1.0, 1.0) __attribute__((weak)) double weak_d[8];
// CHECK: diag-link-replaceable.c:[[@LINE-1]]:1: warning: affq: 'weak_d' stays double: it is weak, so another file's definition may replace it at link time; give it one strong definition
AFFQ_RANGE(-1.0, 1.0) double tentative_d[8];
// CHECK: diag-link-replaceable.c:[[@LINE-1]]:1: warning: affq: 'tentative_d' stays double: it is a tentative definition (-fcommon)
// NOCOMMON: diag-link-replaceable.c:[[@LINE-2]]:1: remark: quantized 'tentative_d'
// SYM-DAG: 0000000000000040 C tentative_d
// SYM-DAG: 0000000000000040 V weak_d

void fill(void) {
  for (int i = 0; i < 16; i++) {
    weak_w[i] = i * 0.05f;
    tentative[i] = i * 0.05f;
  }
  for (int i = 0; i < 8; i++)
    weak_d[i] = tentative_d[i] = i * 0.1;
}
