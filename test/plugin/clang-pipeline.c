// clang -fpass-plugin=affq.so runs affq once, at the pipeline start: at -O0
// (where every function is optnone, so the pass must be required) before the
// always-inliner, and at -O2 before the first simplification (SROA); and the
// program builds and runs.  (At -O0 clang's own pipeline-start pass,
// EntryExitInstrumenter, a no-op without -finstrument-functions, runs first.)
//
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -Xclang -fdebug-pass-manager %s -o %t.O0 2>&1 | FileCheck --check-prefixes=PIPE,O0 %s
// RUN: %t.O0 | FileCheck --check-prefix=OUT %s
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -Xclang -fdebug-pass-manager %s -o %t.O2 2>&1 | FileCheck --check-prefixes=PIPE,O2 %s
// RUN: %t.O2 | FileCheck --check-prefix=OUT %s
// O2-NOT: Running pass: SROAPass
// O0-NOT: Running pass: AlwaysInlinerPass
// PIPE: Running pass: affq::AffqPass on [module]
// PIPE-NOT: Running pass: affq::AffqPass
// O0: Running pass: AlwaysInlinerPass
// O2: Running pass: SROAPass
// OUT: sum 10
#include <stdio.h>

static const float values[4] = {1, 2, 3, 4};

int main(void) {
  float s = 0;
  for (int i = 0; i < 4; i++)
    s += values[i];
  printf("sum %g\n", s);
  return 0;
}
