// A function that returns the annotated pointer is followed into its
// callers only when every caller is in this file and calls it directly;
// otherwise, or when it may return other memory, the memory stays float
// with a warning that says what to change.
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning:
#include "affq.h"

#include <stdio.h>
#include <stdlib.h>

/* other files may call it: they would read the codes as floats */
float *load_exported(FILE *f, size_t n) {
  AFFQ_RANGE(-1.0f, 1.0f) float *w = malloc(n * sizeof *w);
  // CHECK: diag-loader.c:[[@LINE-1]]:1: warning: affq: heap array in 'load_exported' is not quantized: its address is returned from a function other files may call, or whose address is taken; make it static and call it directly (in 'load_exported')
  if (w && fread(w, sizeof *w, n, f) != n)
    w[0] = 0.0f;
  return w;
}

static float fallback[4];

/* returns the codes, or a float array */
static float *load_or_default(FILE *f, size_t n) {
  AFFQ_RANGE(-1.0f, 1.0f) float *w = malloc(n * sizeof *w);
  // CHECK: diag-loader.c:[[@LINE-1]]:1: warning: affq: heap array in 'load_or_default' stays float: a pointer variable holds its address and others (in 'load_or_default')
  if (!w || fread(w, sizeof *w, n, f) != n)
    return fallback;
  return w;
}

/* its address is taken: a caller through the pointer is not followed */
static float *load_by_pointer(FILE *f, size_t n) {
  AFFQ_RANGE(-1.0f, 1.0f) float *w = malloc(n * sizeof *w);
  // CHECK: diag-loader.c:[[@LINE-1]]:1: warning: affq: heap array in 'load_by_pointer' is not quantized: its address is returned from a function other files may call, or whose address is taken; make it static and call it directly (in 'load_by_pointer')
  if (w && fread(w, sizeof *w, n, f) != n)
    w[0] = 0.0f;
  return w;
}
float *(*loader)(FILE *, size_t) = load_by_pointer;

float first(FILE *f) {
  float *w = load_or_default(f, 8);
  return w[0] + load_exported(f, 4)[1];
}
