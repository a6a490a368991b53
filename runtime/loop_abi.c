/*
 * loop_abi.c - entry points for code the affq pass generates: a marked
 * loop's product (products.c), filling calloc'd codes, and copies whose
 * length is known only at run time (rewrite.c).
 *
 * A product the pass put in place of a loop has no error path to return to:
 * a failure here (no memory, or an AFFQ_ISA this CPU lacks) stops the program
 * with a message, rather than let the loop read results never written.
 */
#include "affq.h"
#include "qmath.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* calloc'd heap memory turned into codes: zeros are floats 0.0, codes z. */
void affq_fill_codes(void *codes, int z, size_t n) {
  if (codes)
    memset(codes, z, n);
}

/* Codes of one double array into another's, element by element, in
 * double: out[i] = quantize_f64(dequantize_f64(in[i], pin), pout) (a copy
 * between two double arrays with different parameters; memmove-safe going
 * up or down as the float requantize is). */
void affq_requantize_f64(const void *in, const affq_qparams *pin, void *out,
                         const affq_qparams *pout, size_t n) {
  const uint8_t *src = in;
  uint8_t *dst = out;
  int down = dst > src; /* copy from the end when dst overlaps src from above */
  for (size_t k = 0; k < n; k++) {
    size_t i = down ? n - 1 - k : k;
    double x = affq_qmath_dequantize_f64(affq_qmath_code_at(src, i, pin->qmin < 0), pin->scale,
                                         pin->zero_point);
    dst[i] = (uint8_t)affq_qmath_quantize_f64(x, pout->scale, pout->zero_point, pout->qmin,
                                               pout->qmax);
  }
}

static void fail(int err) {
  fprintf(stderr, "affq: a marked loop's product failed: %s\n", affq_strerror(err));
  abort();
}

static void copy_failed(int err) {
  fprintf(stderr, "affq: a copy of quantized data failed: %s\n", affq_strerror(err));
  abort();
}

/* Element i of codes as the float the program reads there. */
static float read_code(const void *q, const affq_qparams *p, size_t i) {
  return affq_qmath_dequantize(affq_qmath_code_at(q, i, p->qmin < 0), p->scale, p->zero_point);
}

static void write_code(void *q, const affq_qparams *p, size_t i, float x) {
  int32_t c = affq_qmath_quantize(x, p->scale, p->zero_point, p->qmin, p->qmax);
  ((uint8_t *)q)[i] = (uint8_t)c;
}

/* The last, partial float of a copy: its first rem bytes from what the
 * source read as, the rest from what the destination read as, both taken
 * before the whole floats moved (an overlapping memmove may overwrite
 * either): element i of each side, as floats. */
typedef struct {
  float s, d;
} tail;

static tail read_tail(const void *dst, const affq_qparams *pd, const void *src,
                      const affq_qparams *ps, size_t i, size_t rem) {
  tail t = {0.0f, 0.0f};
  if (ps)
    t.s = read_code(src, ps, i);
  else /* floats: only the rem bytes the copy covers (more may lie past the buffer) */
    memcpy(&t.s, (const char *)src + 4 * i, rem);
  if (pd) /* (float memory keeps its other bytes: write_tail writes rem bytes only) */
    t.d = read_code(dst, pd, i);
  return t;
}

static void write_tail(void *dst, const affq_qparams *pd, size_t i, tail t, size_t rem) {
  memcpy(&t.d, &t.s, rem); /* the first rem bytes: the source's */
  if (pd)
    write_code(dst, pd, i, t.d);
  else
    memcpy((char *)dst + 4 * i, &t.d, rem);
}

void affq_copy_bytes(void *dst, const affq_qparams *pd, const void *src, const affq_qparams *ps,
                     uint64_t nbytes) {
  size_t n = (size_t)(nbytes / 4), rem = (size_t)(nbytes % 4);
  int err = 0;
  tail t = rem && (pd || ps) ? read_tail(dst, pd, src, ps, n, rem) : (tail){0.0f, 0.0f};
  if (pd && ps && !memcmp(pd, ps, sizeof *pd))
    memmove(dst, src, n); /* codes to codes: overlap is the program's, as with memmove */
  else if (pd && ps)
    err = affq_requantize(src, ps, dst, pd, n);
  else if (pd)
    err = affq_quantize(src, dst, n, pd);
  else if (ps)
    err = affq_dequantize(src, dst, n, ps);
  else
    memmove(dst, src, (size_t)nbytes);
  if (err)
    copy_failed(err);
  if (rem && (pd || ps))
    write_tail(dst, pd, n, t, rem);
}

void affq_set_bytes(void *dst, const affq_qparams *pd, int byte, uint64_t nbytes) {
  size_t n = (size_t)(nbytes / 4), rem = (size_t)(nbytes % 4);
  uint32_t bits = 0x01010101u * (unsigned char)byte;
  float x;
  memcpy(&x, &bits, sizeof x);
  int32_t c = affq_qmath_quantize(x, pd->scale, pd->zero_point, pd->qmin, pd->qmax);
  memset(dst, (unsigned char)c, n);
  if (rem) { /* the last float: the pattern's first rem bytes over what it read as */
    float d = read_code(dst, pd, n);
    memcpy(&d, &x, rem);
    write_code(dst, pd, n, d);
  }
}

/* The same for double arrays: element i is bytes 8i..8i+7, the values are
 * doubles, the math qmath.h's double one (a trailing partial double copied
 * exactly, as a partial float is above). */
static double read_code_f64(const void *q, const affq_qparams *p, size_t i) {
  return affq_qmath_dequantize_f64(affq_qmath_code_at(q, i, p->qmin < 0), p->scale, p->zero_point);
}

static void write_code_f64(void *q, const affq_qparams *p, size_t i, double x) {
  ((uint8_t *)q)[i] = (uint8_t)affq_qmath_quantize_f64(x, p->scale, p->zero_point, p->qmin, p->qmax);
}

void affq_copy_bytes_f64(void *dst, const affq_qparams *pd, const void *src,
                         const affq_qparams *ps, uint64_t nbytes) {
  size_t n = (size_t)(nbytes / 8), rem = (size_t)(nbytes % 8);
  int err = 0;
  double ts = 0.0, td = 0.0; /* the partial double's two sides, read before anything moves */
  if (rem && (pd || ps)) {
    if (ps)
      ts = read_code_f64(src, ps, n);
    else
      memcpy(&ts, (const char *)src + 8 * n, rem);
    if (pd)
      td = read_code_f64(dst, pd, n);
  }
  if (pd && ps && !memcmp(pd, ps, sizeof *pd))
    memmove(dst, src, n);
  else if (pd && ps)
    affq_requantize_f64(src, ps, dst, pd, n);
  else if (pd)
    err = affq_quantize_f64(src, dst, n, pd);
  else if (ps)
    err = affq_dequantize_f64(src, dst, n, ps);
  else
    memmove(dst, src, (size_t)nbytes);
  if (err)
    copy_failed(err);
  if (rem && (pd || ps)) {
    memcpy(&td, &ts, rem); /* the first rem bytes: the source's */
    if (pd)
      write_code_f64(dst, pd, n, td);
    else
      memcpy((char *)dst + 8 * n, &td, rem);
  }
}

void affq_set_bytes_f64(void *dst, const affq_qparams *pd, int byte, uint64_t nbytes) {
  size_t n = (size_t)(nbytes / 8), rem = (size_t)(nbytes % 8);
  uint64_t bits = 0x0101010101010101ull * (unsigned char)byte;
  double x;
  memcpy(&x, &bits, sizeof x);
  int32_t c = affq_qmath_quantize_f64(x, pd->scale, pd->zero_point, pd->qmin, pd->qmax);
  memset(dst, (unsigned char)c, n);
  if (rem) {
    double d = read_code_f64(dst, pd, n);
    memcpy(&d, &x, rem);
    write_code_f64(dst, pd, n, d);
  }
}

void affq_fortify_check(uint64_t len, uint64_t dstlen) {
  if (len > dstlen) { /* what glibc's __chk_fail says */
    fputs("*** buffer overflow detected ***: terminated\n", stderr);
    abort();
  }
}

void affq_loop_add_rows(float *c, size_t ldc, const float *y, size_t m, size_t n, float alpha) {
  for (size_t i = 0; i < m; i++)
    for (size_t j = 0; j < n; j++)
      c[i * ldc + j] = c[i * ldc + j] + y[i * n + j] * alpha;
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
