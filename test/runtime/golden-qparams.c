// Checks affq_choose_qparams against (s, z) that PyTorch's MinMaxObserver
// computed for 240 ranges x bits 2..8 x signed/unsigned x affine/symmetric
// (golden/qparams.txt, made by scripts/gen_golden.py).  The scale must match
// bit for bit everywhere.  The zero point must match everywhere except the
// one documented rule (docs/math.md): unsigned symmetric below 8 bits, where
// torch's custom-range rule gives (qmin+qmax)/2 = 2^(b-1)-1 and affq 2^(b-1).
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t %S/golden/qparams.txt | FileCheck %s
// CHECK: checked 6720 cases: 0 mismatches (1440 unsigned-symmetric zero points one above torch's custom-range rule)
//
// The checker must notice a wrong golden value: change one scale's last digit.
// RUN: sed '3s/p-23 -2$/p-22 -2/' %S/golden/qparams.txt > %t.bad
// RUN: not %t %t.bad | FileCheck --check-prefix=BAD %s
// BAD: mismatch: 2 1 affine
// BAD: checked 6720 cases: 1 mismatches
#include "affq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  FILE *f = fopen(argc > 1 ? argv[1] : "", "r");
  if (!f)
    return perror("golden file"), 2;
  char line[512], scheme[16], smin[64], smax[64], sscale[64];
  int bits, is_signed, torch_z;
  long cases = 0, bad = 0, rule = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#')
      continue;
    if (sscanf(line, "%d %d %15s %63s %63s %63s %d", &bits, &is_signed, scheme, smin, smax, sscale,
               &torch_z) != 7)
      return fprintf(stderr, "bad line: %s", line), 2;
    affq_scheme sch = strcmp(scheme, "symmetric") ? AFFQ_AFFINE : AFFQ_SYMMETRIC;
    float lo = strtof(smin, 0), hi = strtof(smax, 0), want_s = strtof(sscale, 0);
    int want_z = torch_z;
    if (sch == AFFQ_SYMMETRIC && !is_signed && bits < 8) {
      want_z = torch_z + 1;
      rule++;
    }
    affq_qparams p;
    int err = affq_choose_qparams(lo, hi, bits, is_signed, sch, &p);
    cases++;
    if (err || memcmp(&p.scale, &want_s, sizeof want_s) || p.zero_point != want_z) {
      if (bad++ < 10)
        printf("mismatch: %d %d %s [%a, %a]: got err=%d s=%a z=%d, want s=%a z=%d\n", bits,
               is_signed, scheme, lo, hi, err, p.scale, p.zero_point, want_s, want_z);
    }
  }
  fclose(f);
  printf("checked %ld cases: %ld mismatches (%ld unsigned-symmetric zero points one above torch's "
         "custom-range rule)\n",
         cases, bad, rule);
  return bad != 0 || cases == 0;
}
