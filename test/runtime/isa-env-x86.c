// On x86-64, AFFQ_ISA forces each path this CPU has; with nothing forced the
// best one runs; a path it lacks is refused, never run.  lit.cfg.py gives
// the paths from /proc/cpuinfo (%isa_paths, %isa_best, %isa_lacking), so the
// test runs on any x86-64 and covers AVX-512 VNNI where the CPU has it.
// REQUIRES: x86_64
// RUN: %cc %s -o %t %affq_rt
// Each path, forced, is the one that runs (one name per run, in order):
// RUN: for p in %isa_paths; do env AFFQ_ISA=$p %t; done | tr '\n' ' ' | FileCheck --check-prefix=EACH -DPATHS="%isa_paths" %s
// EACH: {{^}}[[PATHS]] {{$}}
// With nothing forced, the best path:
// RUN: %t | FileCheck --check-prefix=AUTO -DBEST=%isa_best %s
// AUTO: {{^}}[[BEST]]{{$}}
// Every path it lacks (at least the other architecture's) runs nothing:
// RUN: for p in %isa_lacking; do env AFFQ_ISA=$p %t 2> /dev/null; done | sort -u | FileCheck --check-prefix=LACK %s
// LACK: {{^}}(none){{$}}
// LACK-NOT: {{.}}
#include "affq.h"

#include <stdio.h>

int main(void) {
  const char *isa = affq_isa_current();
  puts(isa ? isa : "(none)");
  return 0;
}
