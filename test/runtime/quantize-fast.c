// The division-free quantize (kernels_vec.inc's quantize_block_fast: multiply
// by RN(1/s), divide only blocks with a product within 2^-12 of a
// half-integer; proof in docs/math.md) gives the codes of the definition,
// clamp(roundeven(x / s) + z), on every path, for 12 scales (those of
// fuzz/quantize_exhaustive.c, which checks all 2^32 inputs, and two more):
//   - 10^7 random inputs per scale: half random bit patterns, half
//     (k + f) * s for k in the code range +- 1100 and f in [0, 1);
//   - boundaries: for every half-integer h = k + 0.5 with |k| <= 1100, the
//     float nearest h * s and 8 floats either side (so every x whose
//     quotient is exactly h, or rounds to h, and their neighbours), the
//     same around +-1024 * s, and 0, -0, subnormals, FLT_MAX, +-Inf, NaNs
//     (quiet, signalling, both signs).
// Arrays of 4096 + 13 elements at an odd offset: whole blocks and a tail.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s
// CHECK-NOT: MISMATCH
// CHECK: all paths: 0 mismatches
#include "affq.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const float scales[] = {1.0f,         0.1f,           3.0f / 255.0f,  0x1p-7f,
                               0x1.3p-125f,  0x1.5p+120f,    0x1.781ef8p-3f, 0x1.48f164p+1f,
                               0x1.8p-140f,  0x1.fffffep+127f, 0x1p-126f,    0x1p+126f};
enum { N_SCALES = sizeof scales / sizeof scales[0], BATCH = 4096 + 13 };

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t next32(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (uint32_t)(rng >> 16);
}
static float from_bits(uint32_t b) {
  float f;
  memcpy(&f, &b, sizeof f);
  return f;
}

static char paths[16][32];
static int n_paths;
static long checked, bad;
static float buf[BATCH + 1], *batch = buf + 1; /* odd offset */
static size_t fill;
static uint8_t got[BATCH];

static void flush(const affq_qparams *p) {
  static int32_t want_of[BATCH];
  for (size_t i = 0; i < fill; i++)
    want_of[i] = affq_quantize_value(batch[i], p);
  for (int j = 0; j < n_paths; j++) {
    affq_isa_select(paths[j]);
    affq_quantize(batch, got, fill, p);
    for (size_t i = 0; i < fill; i++) {
      int32_t want = want_of[i];
      int32_t have = p->qmin < 0 ? (int8_t)got[i] : got[i];
      checked++;
      if (have != want && bad++ < 20) {
        uint32_t bits;
        memcpy(&bits, &batch[i], sizeof bits);
        printf("MISMATCH %s s = %a: x = %a (0x%08x) gives %d, definition %d\n", paths[j],
               p->scale, batch[i], bits, have, want);
      }
    }
  }
  fill = 0;
}
static void add(float v, const affq_qparams *p) {
  batch[fill++] = v;
  if (fill == BATCH)
    flush(p);
}
/* the float nearest v and `k` floats either side */
static void around(double v, int k, const affq_qparams *p) {
  float c = (float)v;
  if (!isfinite(c))
    return;
  float lo = c, hi = c;
  add(c, p);
  for (int i = 0; i < k; i++) {
    lo = nextafterf(lo, -INFINITY), hi = nextafterf(hi, INFINITY);
    add(lo, p), add(hi, p);
  }
}

int main(void) {
  char name[32];
  const char *names = affq_isa_names();
  for (const char *c = names; sscanf(c, " %31s", name) == 1; c = strstr(c, name) + strlen(name))
    if (affq_isa_supported(name) && n_paths < 16)
      strcpy(paths[n_paths++], name);
  for (int si = 0; si < N_SCALES; si++) {
    affq_qparams p;
    if (affq_make_qparams(scales[si], si % 2 ? 131 : 3, 8, si % 2 == 0, &p))
      return printf("make_qparams failed for %a\n", scales[si]), 1;
    double s = scales[si];
    long before = bad;
    for (int i = 0; i < 5000000; i++)
      add(from_bits(next32()), &p);
    for (int i = 0; i < 5000000; i++) {
      double k = (double)((int)(next32() % 2201) - 1100), f = (double)next32() / 4294967296.0;
      add((float)((k + f) * s), &p);
    }
    for (int k = -1100; k <= 1100; k++)
      around(((double)k + 0.5) * s, 8, &p);
    around(1024.0 * s, 64, &p), around(-1024.0 * s, 64, &p);
    static const uint32_t special[] = {0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u,
                                       0x007fffffu, 0x807fffffu, 0x00800000u, 0x7f7fffffu,
                                       0xff7fffffu, 0x7f800000u, 0xff800000u, 0x7fc00000u,
                                       0xffc00000u, 0x7f800001u, 0xff800001u, 0x7fbfffffu};
    for (unsigned i = 0; i < sizeof special / sizeof special[0]; i++)
      add(from_bits(special[i]), &p);
    flush(&p);
    printf("scale %a: %ld mismatches\n", scales[si], bad - before);
  }
  affq_isa_select("auto");
  printf("paths %d, %ld codes checked\n", n_paths, checked);
  printf("all paths: %ld mismatches\n", bad);
  return bad != 0;
}
