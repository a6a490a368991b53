// The check mode counts the values fread and mmap quantize into an array,
// as it counts stores and copies: a table loaded from a file with a wrong
// range warns at exit.  The file holds 100 floats, 0, 0.02, ..., 1.98, read
// into an array annotated [0, 1] and mapped into a pointer annotated the
// same: the 49 above 1.00392 (the largest value the codes hold) clamp in
// each.  The last read ends inside a float: its 2 bytes are not counted.
// RUN: env AFFQ_OPTIONS=check %clang -O0 -fpass-plugin=%affq_plugin %s %affq_rt -o %t0
// RUN: env AFFQ_OPTIONS=check %clang -O2 -fpass-plugin=%affq_plugin %s %affq_rt -o %t2
// RUN: %t0 2>&1 | FileCheck %s --implicit-check-not=affq:
// RUN: %t2 2>&1 | FileCheck %s --implicit-check-not=affq:
// CHECK-DAG: read 100 1
// CHECK-DAG: affq: warning: 'table' ({{.*}}check-mode-loaded.c:[[#@LINE+7]]): 49 of 100 stored values were outside [0, 1] (min 0, max 1.98) and were clamped
// CHECK-DAG: affq: warning: mapped array in 'main' ({{.*}}check-mode-loaded.c:[[#@LINE+19]]): 49 of 100 stored values were outside [0, 1] (min 0, max 1.98) and were clamped
#include "affq.h"

#include <stdio.h>
#include <sys/mman.h>

AFFQ_RANGE(0.0f, 1.0f) float table[128];

int main(void) {
  FILE *f = tmpfile();
  for (int i = 0; i < 100; i++) {
    float x = 0.02f * (float)i;
    fwrite(&x, sizeof x, 1, f);
  }
  fwrite("ab", 1, 2, f);
  rewind(f);
  size_t got = fread(table, sizeof(float), 60, f);
  got += fread(table + 60, 1, 400, f) / 4; /* 162 bytes: 40 floats and 2 bytes */
  printf("read %zu %d\n", got, feof(f) != 0);
  AFFQ_RANGE(0.0f, 1.0f) float *mapped = mmap(NULL, 400, PROT_READ, MAP_PRIVATE, fileno(f), 0);
  if (mapped == MAP_FAILED)
    return 1;
  munmap(mapped, 400);
  fclose(f);
  return 0;
}
