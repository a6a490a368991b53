// Checks affq_quantize_value, affq_dequantize_value and the array functions
// affq_quantize / affq_dequantize against codes and dequantized values that
// numpy computed in float32 from affq's definition (golden/quantize.txt):
// random values, exact ties (k + 0.5) * s, +-0, NaN, +-Inf, +-3e38, for
// bits 2..8, signed and unsigned, affine and symmetric.  Bit-exact.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t %S/golden/quantize.txt | FileCheck %s
// CHECK: checked 15120 values: 0 code mismatches, 0 dequantized mismatches
//
// A wrong code in the file must be caught.
// RUN: sed '3s/ 1 0x1.8000000000000p-22 -$/ 0 0x1.8000000000000p-22 -/' %S/golden/quantize.txt > %t.bad
// RUN: not %t %t.bad | FileCheck --check-prefix=BAD %s
// BAD: checked 15120 values: 1 code mismatches
#include "affq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  FILE *f = fopen(argc > 1 ? argv[1] : "", "r");
  if (!f)
    return perror("golden file"), 2;
  char line[512], ss[64], sx[64], sxd[64], st[16];
  int z, qmin, qmax, want_q;
  long n = 0, bad_q = 0, bad_x = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#')
      continue;
    if (sscanf(line, "%63s %d %d %d %63s %d %63s %15s", ss, &z, &qmin, &qmax, sx, &want_q, sxd, st) !=
        8)
      return fprintf(stderr, "bad line: %s", line), 2;
    affq_qparams p = {strtof(ss, 0), z, qmin, qmax};
    float x = strtof(sx, 0), want_x = strtof(sxd, 0);
    int32_t q = affq_quantize_value(x, &p);
    float xd = affq_dequantize_value(q, &p);
    /* The array entry points must agree with the element ones. */
    unsigned char code;
    float xa;
    if (affq_quantize(&x, &code, 1, &p) || affq_dequantize(&code, &xa, 1, &p))
      return fprintf(stderr, "array call failed: %s", line), 2;
    int32_t qa = qmin < 0 ? (int32_t)(int8_t)code : (int32_t)code;
    n++;
    if (q != want_q || qa != want_q) {
      if (bad_q++ < 10)
        printf("code mismatch: %s  got %d (array %d)\n", line, q, qa);
    } else if (memcmp(&xd, &want_x, sizeof xd) || memcmp(&xa, &want_x, sizeof xa)) {
      if (bad_x++ < 10)
        printf("dequantized mismatch: %s  got %a (array %a)\n", line, xd, xa);
    }
  }
  fclose(f);
  printf("checked %ld values: %ld code mismatches, %ld dequantized mismatches\n", n, bad_q, bad_x);
  return bad_q || bad_x || n == 0;
}
