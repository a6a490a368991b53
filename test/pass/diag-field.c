// A struct field affq cannot quantize stays float, with a warning at the
// field's declaration that says why and where (issue 14 item 1).  Each
// struct below is one reason; the link marks (fields.c) are checked by
// multi-file.test.
// RUN: %clang -O1 -g -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include "affq.h"

#include <stdlib.h>

struct arr {
  AFFQ_RANGE(-1, 1) float w[8];
  // CHECK-DAG: diag-field.c:[[@LINE-1]]:1: warning: affq: field of 'struct arr' stays float: it is an array inside the struct, whose size is the struct's layout; affq quantizes pointer fields (float *w) given memory by malloc
  int n;
};
struct arr A;
float read_arr(int i) { return A.w[i]; }

struct twice {
  AFFQ_RANGE(-1, 1) float *w;
  // CHECK-DAG: diag-field.c:[[@LINE-1]]:1: warning: affq: field of 'struct twice' stays float: it is given memory by more than one allocation site; affq quantizes a pointer field whose memory comes from one malloc, calloc, aligned_alloc or mmap (in 'init_twice', line [[@LINE+3]])
};
void init_twice(struct twice *t, int n) {
  t->w = n > 8 ? malloc(n * sizeof(float)) : calloc(8, sizeof(float));
}

static float table[4] = {1, 2, 3, 4};
struct init {
  AFFQ_RANGE(-1, 1) float *w;
  // CHECK-DAG: diag-field.c:[[@LINE-1]]:1: warning: affq: field of 'struct init' stays float: the static initializer of 'I' sets it; give it memory from malloc at run time instead
};
struct init I = {table};
float read_init(int i) { return I.w[i]; }

struct taken {
  int n;
  AFFQ_RANGE(-1, 1) float *w;
  // CHECK-DAG: diag-field.c:[[@LINE-1]]:1: warning: affq: field of 'struct taken' is not quantized: the field's own address is taken (&s->field), and affq does not follow it (in 'take', line [[@LINE+5]])
};
void set_pointer(float **pp);
void take(struct taken *t) {
  t->w = malloc(16 * sizeof(float));
  set_pointer(&t->w);
}

struct reader { /* only read here, and with no range: its parameters could differ */
  AFFQ float *w;
  // CHECK-DAG: diag-field.c:[[@LINE-1]]:1: warning: affq: field of 'struct reader' is not quantized: it is only read in this file, and takes its parameters from the file that gives it memory; give the field a range, AFFQ_RANGE(lo, hi), so that every file reads its codes the same way
};
float read_only(const struct reader *r, int i) { return r->w[i]; }

float *my_alloc(size_t n);
struct pointed { /* set from another pointer: not an allocation */
  AFFQ_RANGE(-1, 1) float *w;
  // CHECK-DAG: diag-field.c:[[@LINE-1]]:1: warning: affq: field of 'struct pointed' stays float: it is not given memory by malloc, calloc, aligned_alloc or mmap in this file (in 'point', line [[@LINE+2]])
};
void point(struct pointed *s, float *buffer) { s->w = buffer + 16; }

struct wrapped {
  AFFQ_RANGE(-1, 1) float *w;
  // CHECK-DAG: diag-field.c:[[@LINE-1]]:1: warning: affq: field of 'struct wrapped' stays float: its memory comes from 'my_alloc', not from malloc, calloc, aligned_alloc or mmap in this file (in 'wrap', line [[@LINE+2]])
};
void wrap(struct wrapped *s) { s->w = my_alloc(8); }

void consume(const float *p);
struct escapes {
  AFFQ_RANGE(-1, 1) float *w;
  // CHECK-DAG: diag-field.c:[[@LINE-1]]:1: warning: affq: field of 'struct escapes' is not quantized: its address is passed to 'consume' (in 'esc', line [[@LINE+4]])
};
void esc(struct escapes *s) {
  s->w = malloc(4 * sizeof(float));
  consume(s->w);
}
