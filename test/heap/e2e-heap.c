// Heap arrays round-trip with the same guarantees as static ones: the
// program prints the same bytes at -O0 to -O3 as the scalar reference
// (test/pass/Inputs/reference.h), and its IR verifies.  malloc, calloc
// (whose zeros must read back as 0.0 although z != 0) and aligned_alloc;
// reads, writes, a pointer walk, a specialized callee, memcpy in and out,
// and free.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: calloc'd, before any write: 0x0p+0 0x0p+0
#include "../pass/Inputs/reference.h"

#include <stdlib.h>
#include <string.h>

static float total(const float *v, int n) {
  float s = 0;
  for (int i = 0; i < n; i++)
    s += v[i];
  return s;
}

int main(int argc, char **argv) {
  (void)argv;
  int n = 37 + argc; /* known at run time only */
  AFFQ_RANGE(-1.0f, 3.0f) float *p = malloc(n * sizeof *p);
  HEAP(p, -1.0f, 3.0f);
  for (int i = 0; i < n; i++)
    PUT(p, p[i], (float)i / 10.0f - 1.0f);
  for (float *w = p + 1; w < p + n; w += 3)
    PUT(p, *w, *w * 0.5f);

  AFFQ_RANGE(-2.0f, 6.0f) float *q = calloc(n, sizeof *q);
  HEAP(q, -2.0f, 6.0f);
  printf("calloc'd, before any write: %a %a\n", q[0], q[n - 1]);
  float src[40];
  for (int i = 0; i < 40; i++)
    src[i] = (float)i * 0.15f - 1.0f;
#ifdef AFFQ_REFERENCE
  for (int i = 0; i < 40 && i < n; i++)
    PUT(q, q[i], src[i]);
#else
  memcpy(q, src, (n < 40 ? n : 40) * sizeof *q);
#endif

  AFFQ_RANGE(0.0f, 1.0f) float *r = aligned_alloc(64, 64 * sizeof *r);
  HEAP(r, 0.0f, 1.0f);
  for (int i = 0; i < 64; i++)
    PUT(r, r[i], (float)i / 63.0f);
  float out[64];
  memcpy(out, r, sizeof out);

  print_floats("p", p, (size_t)n);
  print_floats("q", q, (size_t)n);
  print_floats("out", out, 64);
  printf("totals %a %a %a\n", total(p, n), total(q, n), total(r, 64));
  free(p);
  free(q);
  free(r);
  return 0;
}
