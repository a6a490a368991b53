// A mapping whose codes could not be what the program means stays float,
// with a located warning that says why and what to change.
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=warning:
#include "affq.h"

#include <stddef.h>
#include <sys/mman.h>

float shared(int fd, size_t len) {
  AFFQ_RANGE(-1.0f, 1.0f) float *w = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  // CHECK: diag-mmap.c:[[@LINE-1]]:1: warning: affq: pointer in 'shared' stays float: it is mapped shared and writable (MAP_SHARED, PROT_WRITE): its writes must reach the file as floats; map it MAP_PRIVATE or PROT_READ
  w[0] = 0.5f;
  return w[1];
}

float fixed(void *at, int fd, size_t len) {
  AFFQ_RANGE(-1.0f, 1.0f) float *w = mmap(at, len, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
  // CHECK: diag-mmap.c:[[@LINE-1]]:1: warning: affq: pointer in 'fixed' stays float: it is mapped at a fixed address (MAP_FIXED), where its codes cannot be
  return w[1];
}

float flags_at_run_time(int fd, size_t len, int flags) {
  AFFQ_RANGE(-1.0f, 1.0f) float *w = mmap(NULL, len, PROT_READ, flags, fd, 0);
  // CHECK: diag-mmap.c:[[@LINE-1]]:1: warning: affq: pointer in 'flags_at_run_time' stays float: its mmap's protection or flags are not constants, so affq cannot tell whether writes must reach the file
  return w[1];
}

/* shared but read-only: nothing reaches the file, the codes are fine */
float shared_read_only(int fd, size_t len) {
  AFFQ_RANGE(-1.0f, 1.0f) float *w = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
  return w[1];
}
