// Values a profiled pointer gets from mmap of a file are recorded in the
// instrumented build (affq_prof_mapped, every whole element mapped), so a
// table mapped from a file gets its range from the profile, and the build
// that uses the profile quantizes it as it maps it.  The file holds 300
// floats in [-3, 5].
// RUN: rm -rf %t && mkdir %t
// RUN: env AFFQ_PROFILE_GENERATE=1 %clang -O2 -fpass-plugin=%affq_plugin %s %affq_rt -o %t/gen
// RUN: env AFFQ_PROFILE_FILE=%t/run.affqprof %t/gen | FileCheck %s --check-prefix=OUT
// RUN: %affq-profdata show %t/run.affqprof | FileCheck %s --check-prefix=SHOW
// RUN: env AFFQ_PROFILE_USE=%t/run.affqprof %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-analysis=affq %s %affq_rt -o %t/use 2>&1 | FileCheck %s --check-prefix=USE
// RUN: %t/use | FileCheck %s --check-prefix=OUT
// USE: remark: mapped array in 'main': range [-3, 5] from the profile (minmax; 300 values seen, [-3, 5])
// USE: remark: quantized mapped array in 'main'
// OUT: mapped 300
#include "affq.h"

#include <stdio.h>
#include <sys/mman.h>

int main(void) {
  FILE *f = tmpfile();
  for (int i = 0; i < 300; i++) {
    float x = -3.0f + 8.0f * (float)i / 299.0f;
    fwrite(&x, sizeof x, 1, f);
  }
  fflush(f);
  AFFQ float *table = mmap(NULL, 300 * sizeof(float), PROT_READ, MAP_PRIVATE, fileno(f), 0);
  // SHOW: main.local mmap.c:[[#@LINE-1]] 0 300 0 0 -3 5 [-3, 5]
  if (table == MAP_FAILED)
    return 1;
  int n = 0;
  for (int i = 0; i < 300; i++)
    n += table[i] >= -3.04f && table[i] <= 5.04f; /* (within about s = 8/255 of the range) */
  printf("mapped %d\n", n);
  munmap(table, 300 * sizeof(float));
  fclose(f);
  return 0;
}
