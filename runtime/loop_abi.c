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

/* Element i of codes as the bytes of the float (esize 4) or double (8)
 * the program reads there, and back: the one math of qmath.h. */
static void read_code(const void *q, const affq_qparams *p, size_t i, size_t esize,
                      unsigned char *bytes) {
  int32_t c = affq_qmath_code_at(q, i, p->qmin < 0);
  if (esize == 8) {
    double x = affq_qmath_dequantize_f64(c, p->scale, p->zero_point);
    memcpy(bytes, &x, 8);
  } else {
    float x = affq_qmath_dequantize(c, p->scale, p->zero_point);
    memcpy(bytes, &x, 4);
  }
}

/* The code of the float (esize 4) or double (8) held in bytes. */
static int32_t code_of(const affq_qparams *p, size_t esize, const unsigned char *bytes) {
  if (esize == 8) {
    double x;
    memcpy(&x, bytes, 8);
    return affq_qmath_quantize_f64(x, p->scale, p->zero_point, p->qmin, p->qmax);
  }
  float x;
  memcpy(&x, bytes, 4);
  return affq_qmath_quantize(x, p->scale, p->zero_point, p->qmin, p->qmax);
}

static void write_code(void *q, const affq_qparams *p, size_t i, size_t esize,
                       const unsigned char *bytes) {
  ((uint8_t *)q)[i] = (uint8_t)code_of(p, esize, bytes);
}

/*
 * A copy of nbytes between codes (pd, ps not NULL) and elements of esize
 * bytes.  Whole elements go through the kernels; the last, partial element
 * takes its first rem bytes from what the source read as and the rest from
 * what the destination read as, both read before the whole elements moved
 * (an overlapping memmove may overwrite either).
 */
static void copy_bytes(void *dst, const affq_qparams *pd, const void *src, const affq_qparams *ps,
                       uint64_t nbytes, size_t esize) {
  size_t n = (size_t)(nbytes / esize), rem = (size_t)(nbytes % esize);
  unsigned char ts[8] = {0}, td[8] = {0};
  int tail = rem && (pd || ps), err = 0;
  if (tail) {
    if (ps)
      read_code(src, ps, n, esize, ts);
    else /* elements: only the rem bytes the copy covers (more may lie past the buffer) */
      memcpy(ts, (const char *)src + esize * n, rem);
    if (pd) /* (element memory keeps its other bytes: only rem are written) */
      read_code(dst, pd, n, esize, td);
  }
  if (pd && ps && !memcmp(pd, ps, sizeof *pd))
    memmove(dst, src, n); /* codes to codes: overlap is the program's, as with memmove */
  else if (pd && ps && esize == 8)
    affq_requantize_f64(src, ps, dst, pd, n);
  else if (pd && ps)
    err = affq_requantize(src, ps, dst, pd, n);
  else if (pd)
    err = esize == 8 ? affq_quantize_f64(src, dst, n, pd) : affq_quantize(src, dst, n, pd);
  else if (ps)
    err = esize == 8 ? affq_dequantize_f64(src, dst, n, ps) : affq_dequantize(src, dst, n, ps);
  else
    memmove(dst, src, (size_t)nbytes);
  if (err)
    copy_failed(err);
  if (tail) {
    memcpy(td, ts, rem); /* the first rem bytes: the source's */
    if (pd)
      write_code(dst, pd, n, esize, td);
    else
      memcpy((char *)dst + esize * n, td, rem);
  }
}

/* memset(codes, byte, nbytes): every whole element is the one made of that
 * byte; the last, partial one gets the byte over what it read as. */
static void set_bytes(void *dst, const affq_qparams *pd, int byte, uint64_t nbytes, size_t esize) {
  size_t n = (size_t)(nbytes / esize), rem = (size_t)(nbytes % esize);
  unsigned char pattern[8], d[8];
  memset(pattern, (unsigned char)byte, sizeof pattern);
  memset(dst, (unsigned char)code_of(pd, esize, pattern), n);
  if (rem) {
    read_code(dst, pd, n, esize, d);
    memcpy(d, pattern, rem);
    write_code(dst, pd, n, esize, d);
  }
}

void affq_copy_bytes(void *dst, const affq_qparams *pd, const void *src, const affq_qparams *ps,
                     uint64_t nbytes) {
  copy_bytes(dst, pd, src, ps, nbytes, 4);
}

void affq_copy_bytes_f64(void *dst, const affq_qparams *pd, const void *src,
                         const affq_qparams *ps, uint64_t nbytes) {
  copy_bytes(dst, pd, src, ps, nbytes, 8);
}

void affq_set_bytes(void *dst, const affq_qparams *pd, int byte, uint64_t nbytes) {
  set_bytes(dst, pd, byte, nbytes, 4);
}

void affq_set_bytes_f64(void *dst, const affq_qparams *pd, int byte, uint64_t nbytes) {
  set_bytes(dst, pd, byte, nbytes, 8);
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
