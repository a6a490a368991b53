/*
 * loop_abi.c - entry points for code the affq pass generates: a marked
 * loop's product (products.c), and filling calloc'd codes (rewrite.c).
 *
 * A product the pass put in place of a loop has no error path to return to:
 * a failure here (no memory, or an AFFQ_ISA this CPU lacks) stops the program
 * with a message, rather than let the loop read results never written.
 */
#include "affq.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* calloc'd heap memory turned into codes: zeros are floats 0.0, codes z. */
void affq_fill_codes(void *codes, int z, size_t n) {
  if (codes)
    memset(codes, z, n);
}

static void fail(int err) {
  fprintf(stderr, "affq: a marked loop's product failed: %s\n", affq_strerror(err));
  abort();
}

float affq_loop_dot_q8q8(const void *a, const affq_qparams *pa, const void *b,
                         const affq_qparams *pb, size_t n) {
  /* |(a - za)(b - zb)| <= 255 * 255, so 32768 terms always fit in int32 */
  enum { CHUNK = 32768 };
  const uint8_t *ca = a, *cb = b;
  int64_t acc = 0;
  for (size_t i = 0; i < n; i += CHUNK) {
    int32_t d;
    int err = affq_dot_q8q8(ca + i, pa, cb + i, pb, n - i < CHUNK ? n - i : CHUNK, &d);
    if (err)
      fail(err);
    acc += d;
  }
  /* A zero sum is -0.0f, the one float that leaves the loop's start value
   * as it is, -0.0f too: acc = init + this. (The loop's guard skips the
   * call when n = 0.) */
  if (!acc)
    return -0.0f;
  /* exact while |acc| < 2^53 (n < 1.3e11); sa * sb is exact in double */
  return (float)((double)acc * ((double)pa->scale * (double)pb->scale));
}

void affq_loop_product(int transposed, const void *w, const affq_qparams *pw, int per_row,
                       size_t rows, size_t cols, const float *x, size_t m, float *y, int flags) {
  int err;
  for (;;) {
    err = transposed ? affq_gemm_t_q8f32(w, pw, per_row, rows, cols, x, m, y, flags)
                     : affq_gemm_q8f32(w, pw, per_row, rows, cols, x, m, y, flags);
    /* every float operand NaN: no range to quantize it with, so the float
     * product gives the NaN results the loop would have */
    if (err != AFFQ_EEMPTY || !(flags & AFFQ_DYNAMIC))
      break;
    flags &= ~AFFQ_DYNAMIC;
  }
  if (err)
    fail(err);
}
