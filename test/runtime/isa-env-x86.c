// On x86-64, each path this CPU has can be forced with AFFQ_ISA.
// REQUIRES: cpu-avx512_vnni
// RUN: %cc %s -o %t %affq_rt
// RUN: env AFFQ_ISA=sse4 %t | FileCheck --check-prefix=SSE4 %s
// SSE4: sse4
// RUN: env AFFQ_ISA=avx2 %t | FileCheck --check-prefix=AVX2 %s
// AVX2: avx2
// RUN: env AFFQ_ISA=avx512vnni %t | FileCheck --check-prefix=VNNI %s
// VNNI: avx512vnni
// With nothing forced, the best path: AVX512-VNNI on such a CPU.
// RUN: %t | FileCheck --check-prefix=VNNI %s
#include "affq.h"

#include <stdio.h>

int main(void) {
  puts(affq_isa_current());
  return 0;
}
