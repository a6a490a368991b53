// Annotations affq cannot act on are said aloud, never dropped in silence:
// an array inside a struct (diag-field.c has the rest), AFFQ_KERNEL on a variable,
// and a module option written in an annotation (an error).
// RUN: not %clang -O1 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include "affq.h"

struct layer {
  AFFQ_RANGE(-1, 1) float w[8];
  // CHECK-DAG: diag-ignored-annotations.c:[[@LINE-1]]:1: warning: affq: field of 'struct layer' stays float: it is an array inside the struct, whose size is the struct's layout
  int n;
};
struct layer L;

AFFQ_KERNEL int not_a_function[4];
// CHECK-DAG: diag-ignored-annotations.c:[[@LINE-1]]:1: warning: affq: AFFQ_KERNEL marks a function, and 'not_a_function' is a variable: it is ignored

AFFQ_OPTS("report=/tmp/affq-never.json") float with_module_option[4] = {1, 2, 3, 4};
// CHECK-DAG: diag-ignored-annotations.c:[[@LINE-1]]:1: error: affq: 'report' is a module option: give it to the pass (AFFQ_OPTIONS, affq<...> or an affq-cc flag), not to an annotation
AFFQ_OPTS("bits=4,check") float with_check[4] = {1, 2, 3, 4};
// CHECK-DAG: diag-ignored-annotations.c:[[@LINE-1]]:1: error: affq: 'check' is a module option

/* the field is read twice: still one warning */
float use(int i) { return L.w[i] + L.w[i + 1] + not_a_function[i] + with_module_option[i] + with_check[i]; }
