// Values read with fread into a profiled array are recorded in the
// instrumented build (the whole elements of the items fread returns it
// read), so a table loaded from a file gets its range from the profile, and
// the build that uses the profile quantizes it on the way in.  The file
// holds 300 floats in [-3, 5]; the program reads 200, then asks for 200 more
// in 8-byte items and gets 50 (the end of the file).
// RUN: rm -rf %t && mkdir %t
// RUN: env AFFQ_PROFILE_GENERATE=1 %clang -O2 -fpass-plugin=%affq_plugin %s %affq_rt -o %t/gen
// RUN: env AFFQ_PROFILE_FILE=%t/run.affqprof %t/gen | FileCheck %s --check-prefix=OUT
// RUN: %affq-profdata show %t/run.affqprof | FileCheck %s --check-prefix=SHOW
// RUN: env AFFQ_PROFILE_USE=%t/run.affqprof %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-analysis=affq %s %affq_rt -o %t/use 2>&1 | FileCheck %s --check-prefix=USE
// RUN: %t/use | FileCheck %s --check-prefix=OUT
// USE: remark: 'table': range [-3, 5] from the profile
// USE: remark: quantized 'table' (512 floats)
// OUT: 200 50 1
#include "affq.h"

#include <stdio.h>

AFFQ float table[512];
// SHOW: table fread.c:[[#@LINE-1]] 512 300 0 0 -3 5 [-3, 5]

int main(void) {
  FILE *f = tmpfile();
  for (int i = 0; i < 300; i++) {
    float x = -3.0f + 8.0f * (float)i / 299.0f;
    fwrite(&x, sizeof x, 1, f);
  }
  rewind(f);
  size_t a = fread(table, sizeof(float), 200, f);
  size_t b = fread(table + 200, 8, 100, f);
  printf("%zu %zu %d\n", a, b, feof(f) != 0);
  fclose(f);
  return 0;
}
