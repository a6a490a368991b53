// A function of the module given a float array and a double array with the
// same parameters gets one specialized clone for each: a clone is shared
// only by arrays whose codes it handles the same way (uses.c clone_key).
// Before, the double array reused the float array's clone, whose memset of
// a length known at run time set n / 4 codes where the doubles hold n / 8:
// it wrote past the double array's codes, and its sum came out wrong.
// RUN: %e2e %s %t -Werror | FileCheck %s
// CHECK: e2e: ok
// CHECK: f: 0x1.414142p+2
// CHECK: d: 0x1.4141428p+2
// CHECK: after: 0x1.818183p+4
#include "Inputs/reference.h"

#include <string.h>

AFFQ_RANGE(-2.0f, 2.0f) static float f[32];
REF_PARAMS(f);
AFFQ_RANGE(-2.0, 2.0) static double d[32];
REF_PARAMS(d);
AFFQ_RANGE(-2.0, 2.0) static double after[32]; /* where an overrun of d lands */
REF_PARAMS(after);

static volatile size_t bytes_f = 12 * sizeof(float), bytes_d = 12 * sizeof(double);

/* clears n bytes of whatever it is given: a run-time length */
__attribute__((noinline)) static void clear(void *p, size_t n) { memset(p, 0, n); }

int main(void) {
  REF_RANGE(f, -2.0f, 2.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE_D(d, -2.0, 2.0, 8, 1, AFFQ_AFFINE);
  REF_RANGE_D(after, -2.0, 2.0, 8, 1, AFFQ_AFFINE);
  for (int i = 0; i < 32; i++) {
    PUT(f, f[i], 0.25f);
    PUT_D(d, d[i], 0.25);
    PUT_D(after, after[i], 0.75);
  }
  clear(f + 20, bytes_f);
  clear(d + 20, bytes_d);
  float sf = 0;
  double sd = 0, sa = 0;
  for (int i = 0; i < 32; i++)
    sf += f[i], sd += d[i], sa += after[i];
  printf("f: %a\nd: %a\nafter: %a\n", sf, sd, sa);
  return 0;
}
