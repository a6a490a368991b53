// An allocation wrapper's copy (wrappers.c) is made only for memory that
// ends up quantized: when the pointer is refused later (here it escapes to
// a function defined elsewhere), the call goes back to the wrapper and the
// copy is deleted.  A function that returns other memory is no wrapper.
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o %t.ll 2>&1 | FileCheck %s --check-prefix=DIAG --implicit-check-not=warning:
// RUN: FileCheck %s --input-file=%t.ll --check-prefix=IR
#include "affq.h"

#include <stdlib.h>

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}

static float pool[256];
static void *from_pool(size_t n) { return n <= sizeof pool ? pool : NULL; }

void keep(float *p);

// IR-LABEL: define{{.*}} void @escapes(
// IR: call {{.*}}@xmalloc(
// IR-NOT: affq.alloc
void escapes(int n) {
  AFFQ_RANGE(-1, 1) float *w = xmalloc((size_t)n * sizeof *w);
  // DIAG: diag-alloc-wrapper.c:[[@LINE-1]]:1: warning: affq: heap array in 'escapes' is not quantized: its address is passed to 'keep' (in 'escapes')
  w[0] = 0.5f;
  keep(w);
}

void pooled(void) {
  AFFQ_RANGE(-1, 1) float *w = from_pool(64);
  // DIAG: diag-alloc-wrapper.c:[[@LINE-1]]:1: warning: affq: pointer in 'pooled' stays float: its memory comes from 'from_pool', not from malloc, calloc, aligned_alloc or mmap, so affq cannot make the allocation smaller
  w[1] = 0.25f;
  keep(w);
}
// IR-NOT: affq.alloc
