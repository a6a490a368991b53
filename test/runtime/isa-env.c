// AFFQ_ISA forces a kernel path.  A name this machine lacks, or no known
// name, is one clear line on stderr and AFFQ_EISA from every dispatched
// call, never an illegal instruction; a known, supported name is used.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: env AFFQ_ISA=scalar %t | FileCheck --check-prefix=SCALAR %s
// SCALAR: path scalar, quantize -> 0, q = 3
// RUN: env AFFQ_ISA=auto %t | FileCheck --check-prefix=AUTO %s
// AUTO: path {{sse4|avx2|avx512|neon}}{{.*}}, quantize -> 0, q = 3
// RUN: env AFFQ_ISA=bogus %t 2>&1 | FileCheck --check-prefix=BOGUS %s
// BOGUS: affq: error: AFFQ_ISA=bogus is not a known path (this machine has: scalar{{.*}})
// BOGUS-NEXT: path (none), quantize -> -9, q = 99
// The other architecture's path is never available here.
// RUN: env AFFQ_ISA=neon %t 2>&1 | FileCheck --check-prefix=LACK %s
// LACK: affq: error: AFFQ_ISA=neon is not supported by this CPU or build (this machine has: scalar{{.*}})
// LACK-NEXT: path (none), quantize -> -9, q = 99
// The error line comes once, however many calls fail.
// RUN: env AFFQ_ISA=bogus %t 2>&1 | grep -c "affq: error" | FileCheck --check-prefix=ONCE %s
// ONCE: 1
#include "affq.h"

#include <stdio.h>

int main(void) {
  affq_qparams p;
  affq_make_qparams(0.5f, 0, 8, 1, &p);
  float x[40] = {1.5f};
  signed char q[40] = {99};
  int err = affq_quantize(x, q, 40, &p);
  err = err ? err : affq_quantize(x, q, 40, &p);
  affq_quantize(x, q, 40, &p); /* a third call: still one error line */
  const char *isa = affq_isa_current();
  printf("path %s, quantize -> %d, q = %d\n", isa ? isa : "(none)", err, q[0]);
  return 0;
}
