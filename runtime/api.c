/*
 * api.c - the dispatched public entry points: check the arguments, then run
 * the kernel of the chosen path.  No kernel sees a NULL pointer with n > 0,
 * invalid parameters, or a size that overflowed.
 */
#include "kernels.h"
#include "qmath.h"

#include <stdlib.h>
#include <string.h>

/* The kernel table, or return its error from the calling function. */
#define GET_KERNELS(k)                                                                             \
  int k##_err;                                                                                     \
  const affq_kernels *k = affq_kernels_get(&k##_err);                                              \
  if (!k)                                                                                          \
  return k##_err

static int check_rows(const void *a, const void *b, size_t rows, size_t cols, size_t *n) {
  if (cols && rows > SIZE_MAX / cols)
    return AFFQ_ESIZE;
  *n = rows * cols;
  if (*n && (!a || !b))
    return AFFQ_ENULL;
  return AFFQ_OK;
}

/* count valid parameter sets for one array: all int8 or all uint8. */
static int check_params(const affq_qparams *p, size_t count) {
  if (!p)
    return AFFQ_ENULL;
  for (size_t i = 0; i < count; i++) {
    int err = affq_check_qparams(&p[i]);
    if (err)
      return err;
    if ((p[i].qmin < 0) != (p[0].qmin < 0))
      return AFFQ_ECODERANGE;
  }
  return AFFQ_OK;
}

/* The arguments of a product: W (w_rows x w_cols) with n_params parameter
 * sets, X (m x x_cols), Y (m x y_cols), flags; *n_x, *n_y: the sizes. */
static int check_product(const void *w, const affq_qparams *pw, size_t n_params, size_t w_rows,
                         size_t w_cols, const void *x, size_t m, size_t x_cols, const void *y,
                         size_t y_cols, int flags, size_t *n_x, size_t *n_y) {
  size_t n_w;
  int err = check_rows(w, w, w_rows, w_cols, &n_w);
  if (!err)
    err = check_rows(x, x, m, x_cols, n_x);
  if (!err)
    err = check_rows(y, y, m, y_cols, n_y);
  if (!err)
    err = check_params(pw, n_params);
  if (!err && (flags & ~AFFQ_DYNAMIC))
    err = AFFQ_EFLAGS;
  return err;
}

/* Valid parameters, and both arrays present unless n is 0. */
static int check_arrays(const affq_qparams *p, const void *a, const void *b, size_t n) {
  int err = check_params(p, 1);
  if (!err && n && (!a || !b))
    err = AFFQ_ENULL;
  return err;
}

int affq_quantize(const float *x, void *q, size_t n, const affq_qparams *p) {
  int err = check_arrays(p, x, q, n);
  if (err)
    return err;
  GET_KERNELS(k);
  if (p->qmin < 0)
    k->f32_qs8_vcvt(x, q, n, p);
  else
    k->f32_qu8_vcvt(x, q, n, p);
  return AFFQ_OK;
}

int affq_dequantize(const void *q, float *x, size_t n, const affq_qparams *p) {
  int err = check_arrays(p, q, x, n);
  if (err)
    return err;
  GET_KERNELS(k);
  if (p->qmin < 0)
    k->qs8_f32_vcvt(q, x, n, p);
  else
    k->qu8_f32_vcvt(q, x, n, p);
  return AFFQ_OK;
}

int affq_quantize_rows(const float *x, void *q, size_t rows, size_t cols, const affq_qparams *p) {
  size_t n;
  int err = check_rows(x, q, rows, cols, &n);
  if (!err)
    err = check_params(p, rows);
  for (size_t r = 0; !err && r < rows; r++)
    err = affq_quantize(x + r * cols, (uint8_t *)q + r * cols, cols, &p[r]);
  return err;
}

int affq_dequantize_rows(const void *q, float *x, size_t rows, size_t cols,
                         const affq_qparams *p) {
  size_t n;
  int err = check_rows(q, x, rows, cols, &n);
  if (!err)
    err = check_params(p, rows);
  for (size_t r = 0; !err && r < rows; r++)
    err = affq_dequantize((const uint8_t *)q + r * cols, x + r * cols, cols, &p[r]);
  return err;
}

int affq_requantize(const void *in, const affq_qparams *pin, void *out, const affq_qparams *pout,
                    size_t n) {
  int err = check_arrays(pin, in, out, n);
  if (!err)
    err = check_params(pout, 1);
  if (err)
    return err;
  GET_KERNELS(k);
  k->q8_q8_vrequant(in, pin, out, pout, n);
  return AFFQ_OK;
}

int affq_minmax_f32(const float *x, size_t n, float *min, float *max) {
  if (!min || !max || (n && !x))
    return AFFQ_ENULL;
  GET_KERNELS(k);
  float lo, hi;
  k->f32_vminmax(x, n, &lo, &hi);
  if (lo > hi) /* nothing but NaN, or nothing */
    return AFFQ_EEMPTY;
  /* min/max of -0.0 and +0.0 may come back as either: give one answer. */
  *min = lo == 0.0f ? 0.0f : lo;
  *max = hi == 0.0f ? 0.0f : hi;
  return AFFQ_OK;
}

int affq_choose_qparams_f32(const float *x, size_t n, int bits, int is_signed, affq_scheme scheme,
                            affq_qparams *out) {
  float lo, hi;
  int err = affq_minmax_f32(x, n, &lo, &hi);
  return err ? err : affq_choose_qparams(lo, hi, bits, is_signed, scheme, out);
}

int affq_choose_qparams_rows_f32(const float *x, size_t rows, size_t cols, int bits, int is_signed,
                                 affq_scheme scheme, affq_qparams *out) {
  size_t n;
  int err = check_rows(x, out, rows, cols, &n);
  if (!err && rows && !out)
    err = AFFQ_ENULL;
  for (size_t r = 0; !err && r < rows; r++)
    err = affq_choose_qparams_f32(x + r * cols, cols, bits, is_signed, scheme, &out[r]);
  return err;
}

int affq_dot_q8q8(const void *a, const affq_qparams *pa, const void *b, const affq_qparams *pb,
                  size_t n, int32_t *out) {
  int err = check_arrays(pa, a, b, n);
  if (!err)
    err = check_params(pb, 1);
  if (!err && !out)
    err = AFFQ_ENULL;
  if (err)
    return err;
  GET_KERNELS(k);
  uint32_t acc = k->q8_q8_dot(a, pa, b, pb, n);
  memcpy(out, &acc, sizeof acc); /* two's complement, without an implementation-defined cast */
  return AFFQ_OK;
}

int affq_dot_q8f32(const void *q, const affq_qparams *p, const float *x, size_t n, float *out) {
  int err = check_arrays(p, q, x, n);
  if (!err && !out)
    err = AFFQ_ENULL;
  if (err)
    return err;
  GET_KERNELS(k);
  *out = affq_canonical_f32(p->scale * k->q8_f32_dot(q, p, x, n));
  return AFFQ_OK;
}

static int32_t as_int32(uint32_t u) {
  int32_t v;
  memcpy(&v, &u, sizeof v);
  return v;
}

/* Scratch for a dynamic product's quantized x: on the stack when it is
 * small, so that a small layer does not pay for malloc and free on every
 * call (a dynamic 32 x 64 GEMV: 289 -> 270 ns, 10 x 32: 161 -> 150 ns). */
enum { SCRATCH_BYTES = 4096, SCRATCH_ROWS = 64 };

static void *scratch(void *small, size_t small_size, size_t need) {
  return need <= small_size ? small : malloc(need);
}

static void scratch_free(void *p, void *small) {
  if (p != small)
    free(p);
}

/* x (n floats) to uint8 affine with its own min and max, the way PyTorch's
 * dynamic quantization treats activations: *px, and the codes in xq. */
static int quantize_dynamic(const affq_kernels *k, const float *x, size_t n, uint8_t *xq,
                            affq_qparams *px) {
  int err = n ? affq_choose_qparams_f32(x, n, 8, 0, AFFQ_AFFINE, px)
              : affq_make_qparams(1.0f, 0, 8, 0, px);
  if (!err)
    k->f32_qu8_vcvt(x, xq, n, px);
  return err;
}

/* Y = X W^T for m rows of X.  Loop order: each weight row is read once from
 * memory and used for every row of X while it sits in L1. */
int affq_gemm_q8f32(const void *w, const affq_qparams *pw, int per_row, size_t rows, size_t cols,
                    const float *x, size_t m, float *y, int flags) {
  size_t n_x, n_y;
  int err = check_product(w, pw, per_row ? rows : 1, rows, cols, x, m, cols, y, rows, flags, &n_x,
                          &n_y);
  if (err)
    return err;
  GET_KERNELS(k);
  const uint8_t *wb = w;

  if (!(flags & AFFQ_DYNAMIC)) {
    size_t r = 0;
    for (; r + 4 <= rows; r += 4) { /* four weight rows per pass over x */
      const affq_qparams *p[4];
      int32_t z[4];
      for (int j = 0; j < 4; j++)
        p[j] = per_row ? &pw[r + j] : pw, z[j] = p[j]->zero_point;
      for (size_t i = 0; i < m; i++) {
        float dot[4];
        k->q8_f32_dot4(wb + r * cols, cols, z, pw->qmin < 0, x + i * cols, cols, dot);
        for (int j = 0; j < 4; j++)
          y[i * rows + r + j] = affq_canonical_f32(p[j]->scale * dot[j]);
      }
    }
    for (; r < rows; r++) {
      const affq_qparams *p = per_row ? &pw[r] : pw;
      for (size_t i = 0; i < m; i++)
        y[i * rows + r] =
            affq_canonical_f32(p->scale * k->q8_f32_dot(wb + r * cols, p, x + i * cols, cols));
    }
    return AFFQ_OK;
  }

  /* Dynamic: each row of X to uint8 affine with its own range. */
  _Alignas(64) uint8_t xq_small[SCRATCH_BYTES];
  affq_qparams px_small[SCRATCH_ROWS];
  uint8_t *xq = scratch(xq_small, sizeof xq_small, n_x);
  affq_qparams *px = scratch(px_small, sizeof px_small, m * sizeof *px);
  if (!xq || !px)
    err = AFFQ_ENOMEM;
  for (size_t i = 0; !err && i < m; i++)
    err = quantize_dynamic(k, x + i * cols, cols, xq + i * cols, &px[i]);
  for (size_t r = 0; !err && r < rows; r++) {
    const affq_qparams *p = per_row ? &pw[r] : pw;
    for (size_t i = 0; i < m; i++) {
      /* x (uint8) first: the unsigned operand of vpdpbusd, no bit flips */
      int32_t acc = as_int32(k->q8_q8_dot(xq + i * cols, &px[i], wb + r * cols, p, cols));
      y[i * rows + r] = (float)acc * (p->scale * px[i].scale);
    }
  }
  scratch_free(xq, xq_small);
  scratch_free(px, px_small);
  return err;
}

int affq_gemv_q8f32(const void *w, const affq_qparams *pw, int per_row, size_t rows, size_t cols,
                    const float *x, float *y, int flags) {
  return affq_gemm_q8f32(w, pw, per_row, rows, cols, x, 1, y, flags);
}

/* ---- Y = X W with W stored K x N (transposed weights) ----------------------
 * The shape of a C loop that walks a column of a row-major matrix:
 *   for j { acc = 0; for k: acc += W[k][j] * x[k]; }
 * One C implementation, no per-ISA variants: each y[j] is summed over k in
 * order, so any vector width the compiler picks (across j) gives the same
 * bits.  Without AFFQ_DYNAMIC it computes exactly what the element-wise loop
 * computes, acc += ((float)(q - z) * s) * x[k], from acc = 0. */

/* (float)(q - z) for code j of row `row` */
static inline int32_t code_at(const uint8_t *row, size_t j, int is_signed) {
  return is_signed ? (int32_t)(int8_t)row[j] : (int32_t)row[j];
}

static void row_f32(const affq_kernels *kn, const uint8_t *w, const affq_qparams *pw, int per_row,
                    size_t K, size_t N, const float *x, float *y) {
  const int sgn = pw->qmin < 0;
  for (size_t j = 0; j < N; j++)
    y[j] = 0.0f;
  for (size_t k = 0; k < K; k++) /* y += ((q_k - z) s) x[k], row by row, in k order */
    kn->q8_f32_axpy(w + k * N, per_row ? &pw[k] : pw, sgn, x[k], y, N);
}

/* x quantized to xq with px: per tensor, exact int32 sums then one scale;
 * per row, each k's scale differs, so float sums in k order. */
static void row_dynamic(const uint8_t *w, const affq_qparams *pw, int per_row, size_t K, size_t N,
                        const uint8_t *xq, const affq_qparams *px, float *y, int32_t *acc) {
  const int sgn = pw->qmin < 0;
  if (!per_row) {
    for (size_t j = 0; j < N; j++)
      acc[j] = 0;
    for (size_t k = 0; k < K; k++) {
      const uint8_t *row = w + k * N;
      const int32_t xk = (int32_t)xq[k] - px->zero_point, z = pw->zero_point;
      for (size_t j = 0; j < N; j++) /* |(q - z)(x - zx)| < 2^16: exact, wraps like the dot */
        acc[j] = (int32_t)((uint32_t)acc[j] + (uint32_t)((code_at(row, j, sgn) - z) * xk));
    }
    const float s = pw->scale * px->scale;
    for (size_t j = 0; j < N; j++)
      y[j] = (float)acc[j] * s;
    return;
  }
  for (size_t j = 0; j < N; j++)
    y[j] = 0.0f;
  for (size_t k = 0; k < K; k++) {
    const uint8_t *row = w + k * N;
    const int32_t xk = (int32_t)xq[k] - px->zero_point, z = pw[k].zero_point;
    const float s = pw[k].scale * px->scale;
    for (size_t j = 0; j < N; j++)
      y[j] += (float)((code_at(row, j, sgn) - z) * xk) * s;
  }
}

int affq_gemm_t_q8f32(const void *w, const affq_qparams *pw, int per_row, size_t k_rows,
                      size_t n_cols, const float *x, size_t m, float *y, int flags) {
  size_t n_x, n_y;
  int err = check_product(w, pw, per_row ? k_rows : 1, k_rows, n_cols, x, m, k_rows, y, n_cols,
                          flags, &n_x, &n_y);
  if (err)
    return err;
  GET_KERNELS(k);
  if (!(flags & AFFQ_DYNAMIC)) {
    for (size_t i = 0; i < m; i++)
      row_f32(k, w, pw, per_row, k_rows, n_cols, x + i * k_rows, y + i * n_cols);
  } else {
    _Alignas(64) uint8_t xq_small[SCRATCH_BYTES];
    _Alignas(64) int32_t acc_small[SCRATCH_BYTES / sizeof(int32_t)];
    uint8_t *xq = scratch(xq_small, sizeof xq_small, k_rows);
    int32_t *acc = scratch(acc_small, sizeof acc_small, n_cols * sizeof *acc);
    err = xq && acc ? AFFQ_OK : AFFQ_ENOMEM;
    for (size_t i = 0; !err && i < m; i++) {
      affq_qparams px;
      err = quantize_dynamic(k, x + i * k_rows, k_rows, xq, &px);
      if (!err)
        row_dynamic(w, pw, per_row, k_rows, n_cols, xq, &px, y + i * n_cols, acc);
    }
    scratch_free(xq, xq_small);
    scratch_free(acc, acc_small);
    if (err)
      return err;
  }
  for (size_t i = 0; i < n_y; i++)
    y[i] = affq_canonical_f32(y[i]);
  return AFFQ_OK;
}

int affq_gemv_t_q8f32(const void *w, const affq_qparams *pw, int per_row, size_t k_rows,
                      size_t n_cols, const float *x, float *y, int flags) {
  return affq_gemm_t_q8f32(w, pw, per_row, k_rows, n_cols, x, 1, y, flags);
}

int affq_quant_error_stats(const float *x, const void *q, size_t n, const affq_qparams *p,
                           affq_error_stats *out) {
  int err = check_arrays(p, x, q, n);
  if (!err && !out)
    err = AFFQ_ENULL;
  if (err)
    return err;
  GET_KERNELS(k);
  affq_stats_lanes acc;
  memset(&acc, 0, sizeof acc);
  k->f32_q8_vstats(x, q, p, n, &acc);
  affq_stats_finish(&acc, out);
  return AFFQ_OK;
}

/* ---- double -------------------------------------------------------------------
 * The float API's checks and error codes, on the kernels' f64 entries. */

int affq_quantize_f64(const double *x, void *q, size_t n, const affq_qparams *p) {
  int err = check_arrays(p, x, q, n);
  if (err)
    return err;
  GET_KERNELS(k);
  if (p->qmin < 0)
    k->f64_qs8_vcvt(x, q, n, p);
  else
    k->f64_qu8_vcvt(x, q, n, p);
  return AFFQ_OK;
}

int affq_dequantize_f64(const void *q, double *x, size_t n, const affq_qparams *p) {
  int err = check_arrays(p, q, x, n);
  if (err)
    return err;
  GET_KERNELS(k);
  if (p->qmin < 0)
    k->qs8_f64_vcvt(q, x, n, p);
  else
    k->qu8_f64_vcvt(q, x, n, p);
  return AFFQ_OK;
}

int affq_quantize_rows_f64(const double *x, void *q, size_t rows, size_t cols,
                           const affq_qparams *p) {
  size_t n;
  int err = check_rows(x, q, rows, cols, &n);
  if (!err)
    err = check_params(p, rows);
  for (size_t r = 0; !err && r < rows; r++)
    err = affq_quantize_f64(x + r * cols, (uint8_t *)q + r * cols, cols, &p[r]);
  return err;
}

int affq_dequantize_rows_f64(const void *q, double *x, size_t rows, size_t cols,
                             const affq_qparams *p) {
  size_t n;
  int err = check_rows(q, x, rows, cols, &n);
  if (!err)
    err = check_params(p, rows);
  for (size_t r = 0; !err && r < rows; r++)
    err = affq_dequantize_f64((const uint8_t *)q + r * cols, x + r * cols, cols, &p[r]);
  return err;
}

int affq_minmax_f64(const double *x, size_t n, double *min, double *max) {
  if (!min || !max || (n && !x))
    return AFFQ_ENULL;
  GET_KERNELS(k);
  double lo, hi;
  k->f64_vminmax(x, n, &lo, &hi);
  if (lo > hi) /* nothing but NaN, or nothing */
    return AFFQ_EEMPTY;
  /* min/max of -0.0 and +0.0 may come back as either: give one answer. */
  *min = lo == 0.0 ? 0.0 : lo;
  *max = hi == 0.0 ? 0.0 : hi;
  return AFFQ_OK;
}

/* The double rule (qmath.h, docs/math.md): the range to float bounds rounded
 * outward, then the float rule. */
int affq_choose_qparams_f64(const double *x, size_t n, int bits, int is_signed, affq_scheme scheme,
                            affq_qparams *out) {
  double lo, hi;
  int err = affq_minmax_f64(x, n, &lo, &hi);
  return err ? err
             : affq_choose_qparams(affq_qmath_f32_down(lo), affq_qmath_f32_up(hi), bits, is_signed,
                                   scheme, out);
}

int affq_choose_qparams_rows_f64(const double *x, size_t rows, size_t cols, int bits, int is_signed,
                                 affq_scheme scheme, affq_qparams *out) {
  size_t n;
  int err = check_rows(x, out, rows, cols, &n);
  if (!err && rows && !out)
    err = AFFQ_ENULL;
  for (size_t r = 0; !err && r < rows; r++)
    err = affq_choose_qparams_f64(x + r * cols, cols, bits, is_signed, scheme, &out[r]);
  return err;
}

int affq_dot_q8f64(const void *q, const affq_qparams *p, const double *x, size_t n, double *out) {
  int err = check_arrays(p, q, x, n);
  if (!err && !out)
    err = AFFQ_ENULL;
  if (err)
    return err;
  GET_KERNELS(k);
  *out = affq_canonical_f64((double)p->scale * k->q8_f64_dot(q, p, x, n));
  return AFFQ_OK;
}

/* y[r] = (double)s_r * the lane-ordered double dot of row r.  No dynamic
 * mode: any flag is AFFQ_EFLAGS. */
int affq_gemv_q8f64(const void *w, const affq_qparams *pw, int per_row, size_t rows, size_t cols,
                    const double *x, double *y, int flags) {
  size_t n_x, n_y;
  int err = check_product(w, pw, per_row ? rows : 1, rows, cols, x, 1, cols, y, rows, 0, &n_x,
                          &n_y);
  if (!err && flags)
    err = AFFQ_EFLAGS;
  if (err)
    return err;
  GET_KERNELS(k);
  const uint8_t *wb = w;
  for (size_t r = 0; r < rows; r++) {
    const affq_qparams *p = per_row ? &pw[r] : pw;
    y[r] = affq_canonical_f64((double)p->scale * k->q8_f64_dot(wb + r * cols, p, x, cols));
  }
  return AFFQ_OK;
}
