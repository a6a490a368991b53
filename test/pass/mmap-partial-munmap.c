// munmap of a part of a quantized mapping stops the program with a message
// (the codes are one block from malloc; half of them cannot be unmapped),
// where the float program would have unmapped those pages.  munmap of the
// whole mapping frees the codes and returns 0.
// RUN: %clang -O1 -fpass-plugin=%affq_plugin %s %affq_rt -o %t
// RUN: %t whole | FileCheck %s --check-prefix=WHOLE
// RUN: not --crash %t part 2>&1 | FileCheck %s --check-prefix=PART
// WHOLE: munmap: 0
// PART: affq: munmap({{.*}}, 4096) unmaps a part of a quantized mapping, which affq keeps as one block of codes; unmap the whole mapping, with the pointer and length mmap gave
#include "affq.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(int argc, char **argv) {
  size_t len = 16384;
  AFFQ_RANGE(-1.0f, 1.0f) float *w =
      mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (w == MAP_FAILED)
    return 1;
  w[5] = 0.25f;
  int whole = argc > 1 && !strcmp(argv[1], "whole");
  int r = whole ? munmap(w, len) : munmap(w + 1024, 4096);
  printf("munmap: %d\n", r);
  return 0;
}
