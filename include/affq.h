/*
 * affq.h - the one public header of affq.
 *
 * It holds two things:
 *   1. the annotation macros that mark float arrays for INT8 storage, read by
 *      the affq pass plugin (affq.so);
 *   2. the API of the runtime library libaffq_rt: the quantization math that
 *      the pass also uses at compile time, so a value quantized at compile
 *      time equals the same value quantized at run time, bit for bit.
 *
 * Without the plugin (plain clang, or gcc) the macros expand to attributes
 * that change nothing, and the program stays float.
 *
 * It includes nothing beyond the C library (<stddef.h>, <stdint.h>), so a
 * project may ship a copy of it.  A project that builds with or without
 * affq installed may instead fall back on empty macros when it is absent:
 *
 *   #if defined(__has_include)
 *   #if __has_include(<affq.h>)
 *   #include <affq.h>
 *   #endif
 *   #endif
 *   #ifndef AFFQ_H
 *   #define AFFQ
 *   #define AFFQ_RANGE(lo, hi)
 *   #define AFFQ_OPTS(opts)
 *   #define AFFQ_RANGE_OPTS(lo, hi, opts)
 *   #define AFFQ_LOOP
 *   #define AFFQ_LOOP_OPTS(opts)
 *   #define AFFQ_KERNEL
 *   #define AFFQ_KERNEL_OPTS(opts)
 *   #define AFFQ_EXTERN(name) struct affq_extern_##name
 *   #endif
 *
 * Those are every annotation macro below.  The test is split over two #if
 * lines because a compiler without __has_include cannot parse the call,
 * even after "defined(__has_include) &&".  AFFQ_H, this header's include
 * guard, keeps its name for that #ifndef.  The fallback covers the macros
 * only: calls of the runtime API below still need libaffq_rt.  With gcc
 * and clang, C99 to C2x and C++, the macros build cleanly under -Wall
 * -Wextra -pedantic -Werror (test/install/header-no-affq.test).
 */
#ifndef AFFQ_H
#define AFFQ_H

#include <stddef.h>
#include <stdint.h>

#define AFFQ_VERSION_MAJOR 0
#define AFFQ_VERSION_MINOR 1
#define AFFQ_VERSION_PATCH 0
#define AFFQ_VERSION_STRING "0.1.0"

/* ------------------------------------------------------------------------ */
/* Annotations                                                               */
/* ------------------------------------------------------------------------ */
/*
 * AFFQ                         affine, 8-bit signed, per tensor; the range is
 *                              the constant initializer's min and max.
 * AFFQ_RANGE(lo, hi)           the range [lo, hi]: for arrays written at run
 *                              time (a constant initializer is quantized with
 *                              it too).
 * AFFQ_OPTS("options")         AFFQ with options,
 * AFFQ_RANGE_OPTS(lo, hi, "options")   and AFFQ_RANGE with options:
 *     bits=N (2..8)  signed | unsigned  affine | symmetric  per_tensor | per_row
 *     separated by ',' (per_row: a 2-D array, one (s, z) per row).
 *
 * All stand before the declaration:
 *   AFFQ static const float W[64] = {...};
 *   AFFQ_RANGE(-1.0f, 1.0f) float act[256];
 *   AFFQ_OPTS("bits=4,symmetric,per_row") static const float M[16][32] = {...};
 *
 * They are clang's annotate attribute: the string "affq" or "affq:OPTIONS",
 * then the range as two numbers when there is one.  Code generators may
 * write that form directly:
 *   __attribute__((annotate("affq:bits=4,symmetric", -1.0, 1.0)))
 * Without the plugin (plain clang) the attribute changes nothing; gcc does not
 * know it, so for gcc the macros expand to nothing.  Either way the program
 * stays float.
 */
#if defined(__clang__)
#define AFFQ __attribute__((annotate("affq")))
#define AFFQ_RANGE(lo, hi) __attribute__((annotate("affq", (double)(lo), (double)(hi))))
#define AFFQ_OPTS(opts) __attribute__((annotate("affq:" opts)))
#define AFFQ_RANGE_OPTS(lo, hi, opts)                                                              \
  __attribute__((annotate("affq:" opts, (double)(lo), (double)(hi))))
#else
#define AFFQ
#define AFFQ_RANGE(lo, hi)
#define AFFQ_OPTS(opts)
#define AFFQ_RANGE_OPTS(lo, hi, opts)
#endif

/*
 * Marked loops: products over quantized arrays run on int8 kernels, and
 * float sums over them may be reassociated (so they vectorize).
 *
 * AFFQ_LOOP                    on its own line, right before a for, while
 * AFFQ_LOOP_OPTS("options")    or do loop: marks that loop and the loops in it.
 * AFFQ_KERNEL                  before a function definition: marks every
 * AFFQ_KERNEL_OPTS("options")  loop in the function.
 *     dynamic | dynamic=on | dynamic=off (the default)
 *     dynamic: the float operand of a product is quantized on each call
 *     (uint8, affine, its own min and max), and the product runs int8 x int8
 *     with int32 sums, the way PyTorch's dynamic quantization runs a linear
 *     layer.  Off: the weights alone are quantized, the sums are float.
 *
 *   AFFQ_LOOP_OPTS("dynamic")
 *   for (int r = 0; r < 4096; r++) { ... }
 *
 * An attribute cannot stand on a statement in C, so AFFQ_LOOP is a statement:
 * a call of clang's __builtin_annotation that the pass ties to the loop right
 * after it, then deletes.  Without the plugin the call compiles to nothing
 * (gcc: the macros are empty).
 */
#if defined(__clang__)
#define AFFQ_LOOP (void)__builtin_annotation(0, "affq_loop");
#define AFFQ_LOOP_OPTS(opts) (void)__builtin_annotation(0, "affq_loop:" opts);
#define AFFQ_KERNEL __attribute__((annotate("affq_kernel")))
#define AFFQ_KERNEL_OPTS(opts) __attribute__((annotate("affq_kernel:" opts)))
#else
#define AFFQ_LOOP
#define AFFQ_LOOP_OPTS(opts)
#define AFFQ_KERNEL
#define AFFQ_KERNEL_OPTS(opts)
#endif

/*
 * Several files.  An annotated array with external linkage is stored as
 * codes in the file that defines it, and that file exports its codes and
 * parameters.  Another file that uses it says so after its declaration:
 *
 *   extern float W[4096];     (in a header, say)
 *   AFFQ_EXTERN(W);
 *
 * and reads and writes the same codes, with the parameters the defining
 * file chose, read at run time.  A file that uses W without AFFQ_EXTERN
 * fails to link (GNU ld adds "affq: 'W' is quantized in ...; add
 * AFFQ_EXTERN(W) ..."), never reading codes as floats.  Clang keeps no
 * annotation on an extern declaration, so AFFQ_EXTERN is a small static
 * marker (holding W's address) that the pass reads and deletes; without the
 * plugin it is an unused 8-byte constant, and with gcc a struct declaration.
 */
#if defined(__clang__)
#define AFFQ_EXTERN(name)                                                                          \
  __attribute__((used, annotate("affq_extern"))) static const void *const affq_extern_##name =   \
      (const void *)(name)
#else
#define AFFQ_EXTERN(name) struct affq_extern_##name
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Quantization parameters                                                   */
/* ------------------------------------------------------------------------ */

typedef enum { AFFQ_AFFINE = 0, AFFQ_SYMMETRIC = 1 } affq_scheme;

/*
 * scale and zero point of an affine map, with the code range [qmin, qmax].
 * Codes are stored as int8_t when qmin < 0, else as uint8_t.
 */
typedef struct {
  float scale;
  int32_t zero_point;
  int32_t qmin, qmax;
} affq_qparams;

/* Error codes: every function returns 0 on success or one of these. */
enum {
  AFFQ_OK = 0,
  AFFQ_ENULL = -1,      /* a NULL pointer where data was needed         */
  AFFQ_EBITS = -2,      /* bits outside [2, 8]                          */
  AFFQ_ESCHEME = -3,    /* scheme is neither affine nor symmetric       */
  AFFQ_ERANGE = -4,     /* min > max, a bound not finite, or overflow   */
  AFFQ_ESCALE = -5,     /* scale <= 0 or not finite                     */
  AFFQ_EZEROPOINT = -6, /* zero point outside [qmin, qmax]              */
  AFFQ_ECODERANGE = -7, /* [qmin, qmax] empty or not an 8-bit range     */
  AFFQ_EEMPTY = -8,     /* no value to take a range from (n = 0, all NaN) */
  AFFQ_EISA = -9,       /* AFFQ_ISA names a path this CPU or build lacks */
  AFFQ_ENOMEM = -10,    /* a work buffer could not be allocated         */
  AFFQ_ESIZE = -11,     /* rows * cols overflows size_t                 */
  AFFQ_EFLAGS = -12     /* unknown bits in a flags argument             */
};

/* A short English sentence for an error code (never NULL). */
const char *affq_strerror(int code);

/*
 * Choose (s, z) for values in [min, max], exactly as PyTorch's
 * torch.ao.quantization.MinMaxObserver does (per_tensor_affine or
 * per_tensor_symmetric, eps floor on s): the range is widened to hold 0;
 *   affine:    s = (max - min) / (qmax - qmin),  z = qmin - roundeven(min / s)
 *   symmetric: s = max(|min|, |max|) / ((qmax - qmin) / 2),
 *              z = 0 when signed, 2^(bits-1) when unsigned.
 * Signed codes span [-2^(bits-1), 2^(bits-1) - 1], unsigned [0, 2^bits - 1].
 */
int affq_choose_qparams(float min, float max, int bits, int is_signed, affq_scheme scheme,
                        affq_qparams *out);

/* Fill *out from a given scale and zero point; validates both. */
int affq_make_qparams(float scale, int32_t zero_point, int bits, int is_signed, affq_qparams *out);

/* 0 when p describes a usable map, else the error code saying why. */
int affq_check_qparams(const affq_qparams *p);

/* ------------------------------------------------------------------------ */
/* Quantize and dequantize                                                   */
/* ------------------------------------------------------------------------ */

/*
 * q = clamp(roundeven(x / s) + z, qmin, qmax): true division, ties to even,
 * z added after rounding.  NaN maps to z, +Inf to qmax, -Inf to qmin.
 */
int32_t affq_quantize_value(float x, const affq_qparams *p);

/* x' = (float)(q - z) * s, one rounding, no FMA. */
float affq_dequantize_value(int32_t q, const affq_qparams *p);

/*
 * Arrays.  q is int8_t * when p->qmin < 0, else uint8_t *.  These and every
 * function below run on the vector path chosen at first use (see "Paths");
 * every path gives results identical, bit for bit, to the scalar one.
 */
int affq_quantize(const float *x, void *q, size_t n, const affq_qparams *p);
int affq_dequantize(const void *q, float *x, size_t n, const affq_qparams *p);

/* Per row of a row-major rows x cols array: row r uses p[r]. */
int affq_quantize_rows(const float *x, void *q, size_t rows, size_t cols, const affq_qparams *p);
int affq_dequantize_rows(const void *q, float *x, size_t rows, size_t cols,
                         const affq_qparams *p);

/* out[i] = quantize(dequantize(in[i], pin), pout). */
int affq_requantize(const void *in, const affq_qparams *pin, void *out, const affq_qparams *pout,
                    size_t n);

/* ------------------------------------------------------------------------ */
/* Ranges                                                                    */
/* ------------------------------------------------------------------------ */

/* min and max of x, NaN ignored (a zero comes back as +0.0).
 * AFFQ_EEMPTY when n = 0 or every value is NaN. */
int affq_minmax_f32(const float *x, size_t n, float *min, float *max);

/* affq_minmax_f32 then affq_choose_qparams: per tensor, and per row. */
int affq_choose_qparams_f32(const float *x, size_t n, int bits, int is_signed, affq_scheme scheme,
                            affq_qparams *out);
int affq_choose_qparams_rows_f32(const float *x, size_t rows, size_t cols, int bits, int is_signed,
                                 affq_scheme scheme, affq_qparams *out /* [rows] */);

/* ------------------------------------------------------------------------ */
/* Products                                                                  */
/* ------------------------------------------------------------------------ */
/*
 * Float sums are taken in one fixed order on every path: element i goes to
 * lane i mod 32, then lane j += lane j + w for w = 16, 8, 4, 2, 1.  Integer
 * sums are exact (modulo 2^32).
 */

/* *out = sum (a[i] - za)(b[i] - zb): exact whenever the sum fits in int32
 * (always when n <= 33025), else wrapped modulo 2^32. */
int affq_dot_q8q8(const void *a, const affq_qparams *pa, const void *b, const affq_qparams *pb,
                  size_t n, int32_t *out);

/* *out = s * sum (float)(q[i] - z) * x[i]. */
int affq_dot_q8f32(const void *q, const affq_qparams *p, const float *x, size_t n, float *out);

/* Weights W: rows x cols, row-major int8/uint8 codes; pw has one entry
 * (per tensor) or rows entries (per_row != 0).  Like a linear layer,
 * y = W x (GEMV) and Y = X W^T (GEMM, X is m x cols, Y is m x rows). */
enum {
  /* Quantize x on each call (GEMM: each row of X) to uint8 affine with its
   * own min/max, then multiply int8 x int8 with exact int32 sums:
   *   y[r] = (float)acc * (s_w[r] * s_x),
   * the way PyTorch's dynamic quantization runs linear layers.  Without the
   * flag, y[r] = s_w[r] * sum (float)(W[r][k] - z_w[r]) * x[k]. */
  AFFQ_DYNAMIC = 1
};
int affq_gemv_q8f32(const void *w, const affq_qparams *pw, int per_row, size_t rows, size_t cols,
                    const float *x, float *y, int flags);
int affq_gemm_q8f32(const void *w, const affq_qparams *pw, int per_row, size_t rows, size_t cols,
                    const float *x, size_t m, float *y, int flags);

/* Transposed weights: W is k_rows x n_cols row-major (pw: 1, or k_rows
 * entries), y = x W (GEMV: x has k_rows floats, y n_cols) and Y = X W (GEMM:
 * X is m x k_rows, Y m x n_cols).  Each y[j] is summed over k in order:
 *   y[j] = sum_k ((float)(W[k][j] - z_k) * s_k) * x[k]      (from 0.0f)
 * AFFQ_DYNAMIC: x as uint8 affine (its own min/max) as above; per tensor
 *   y[j] = (float)(sum_k (W[k][j] - z)(xq[k] - zx)) * (s * sx), int32 sums;
 * per row, float sums of (float)((W[k][j] - z_k)(xq[k] - zx)) * (s_k * sx). */
int affq_gemv_t_q8f32(const void *w, const affq_qparams *pw, int per_row, size_t k_rows,
                      size_t n_cols, const float *x, float *y, int flags);
int affq_gemm_t_q8f32(const void *w, const affq_qparams *pw, int per_row, size_t k_rows,
                      size_t n_cols, const float *x, size_t m, float *y, int flags);

/* For code the affq pass generates in place of a marked loop (not for
 * users): affq_gemm_q8f32, or affq_gemm_t_q8f32 when transposed, that
 * aborts with a message on failure instead of returning an error code. */
void affq_loop_product(int transposed, const void *w, const affq_qparams *pw, int per_row,
                       size_t rows, size_t cols, const float *x, size_t m, float *y, int flags);
/* For code the affq pass generates in place of a marked loop that sums the
 * products of two quantized arrays (not for users): the exact integer dot
 * sum (a[i] - za)(b[i] - zb), in int64 however long, scaled once:
 *   (float)((double)acc * ((double)sa * (double)sb)),
 * and -0.0f when acc is 0 (n = 0 too), so that init + it is init.
 * It aborts with a message on failure. */
float affq_loop_dot_q8q8(const void *a, const affq_qparams *pa, const void *b,
                         const affq_qparams *pb, size_t n);
/* For code the affq pass generates for a copy between two quantized double
 * arrays with different parameters (not for users): element by element,
 * out[i] = quantize(dequantize(in[i], pin), pout), both in double. */
void affq_requantize_f64(const void *in, const affq_qparams *pin, void *out,
                         const affq_qparams *pout, size_t n);
/* For code the pass generates for a copy or memset of a double array whose
 * byte count (or byte) is known only at run time (not for users): whole
 * doubles by the kernels, a trailing partial double exactly. */
void affq_copy_bytes_f64(void *dst, const affq_qparams *pd, const void *src,
                         const affq_qparams *ps, uint64_t nbytes);
void affq_set_bytes_f64(void *dst, const affq_qparams *pd, int byte, uint64_t nbytes);
/* For code the affq pass generates in place of a marked update nest,
 * C[i][j] += A[i][k] * B[k][j] (not for users): after the product
 * Y = A B (m x n) is in y, c[i * ldc + j] = c[i * ldc + j] + y[i * n + j]
 * * alpha, for i < m, j < n, in that order (ldc in floats). */
void affq_loop_add_rows(float *c, size_t ldc, const float *y, size_t m, size_t n, float alpha);
/* For code the pass generates (not for users): calloc'd heap codes (n bytes,
 * if codes is not NULL) set to the zero point z, the code of 0.0. */
void affq_fill_codes(void *codes, int z, size_t n);
/* For code the pass generates (not for users): a memcpy/memmove of nbytes
 * bytes, a count known only at run time, as the program wrote it on floats.
 * Each side is codes with parameters p (p != NULL) or floats (p == NULL).
 * Whole floats go through the kernels; a trailing partial float is exact
 * too: its bytes overlay the bytes of the float the codes read as, and the
 * result is quantized again.  Aborts with a message on failure. */
void affq_copy_bytes(void *dst, const affq_qparams *pd, const void *src, const affq_qparams *ps,
                     uint64_t nbytes);
/* The same for memset(dst, byte, nbytes) of codes. */
void affq_set_bytes(void *dst, const affq_qparams *pd, int byte, uint64_t nbytes);
/* For code the pass generates in place of fread(codes, size, n, stream)
 * into an array of floats (not for users): the same bytes read from the
 * stream (a FILE *), in chunks, each chunk's whole floats quantized into the
 * codes as they arrive; it returns what fread returns.  ptrlen is the
 * buffer's size in bytes for _FORTIFY_SOURCE's check (SIZE_MAX: none);
 * check is the check mode's counters for the array, or NULL. */
size_t affq_fread(void *codes, const affq_qparams *p, size_t size, size_t n, void *stream,
                  size_t ptrlen, void *check);
/* The same into an array of doubles (check is not used: NULL). */
size_t affq_fread_f64(void *codes, const affq_qparams *p, size_t size, size_t n, void *stream,
                      size_t ptrlen, void *check);
/* For code the pass generates in place of mmap into an annotated pointer
 * (not for users): the mapping's floats (esize 4) or doubles (8) as codes
 * with parameters p, in memory from malloc; the float pages are unmapped as
 * they are read.  MAP_FAILED (errno set) when mmap or malloc fails.  check
 * is the check mode's counters for the array, or NULL. */
void *affq_mmap_codes(void *addr, size_t len, int prot, int flags, int fd, int64_t off,
                      const affq_qparams *p, int esize, void *check);
/* munmap(codes, len) of such a mapping: frees the codes and returns 0; a
 * part of a mapping stops the program with a message. */
int affq_munmap_codes(void *codes, size_t len);
/* For code the pass generates (not for users): _FORTIFY_SOURCE's check of a
 * copy into an object of dstlen bytes, as glibc's __*_chk make it. */
void affq_fortify_check(uint64_t len, uint64_t dstlen);

/* ------------------------------------------------------------------------ */
/* Paths                                                                     */
/* ------------------------------------------------------------------------ */
/*
 * The vector path is chosen once, at first use: the best this CPU has, or
 * the one named by the environment variable AFFQ_ISA (scalar, sse4, avx2,
 * avx2vnni, avx512, avx512vnni, neon, neondot; "auto" = the best).  A name
 * this CPU lacks is never run: every dispatched call then returns AFFQ_EISA,
 * and one line on stderr says why.
 */
const char *affq_isa_current(void);        /* e.g. "avx512vnni"; NULL after a bad AFFQ_ISA */
int affq_isa_supported(const char *name);  /* 1 if this CPU and build have the path */
int affq_isa_select(const char *name);     /* switch paths (not while other threads run kernels) */
const char *affq_isa_names(void);          /* every path name, space separated */

/* ------------------------------------------------------------------------ */
/* Error metrics                                                             */
/* ------------------------------------------------------------------------ */

/* |x' - x| */
double affq_abs_error(float x, float xq);
/* 100 * |x' - x| / |x|, and 0 where x == 0. */
double affq_abs_pct_error(float x, float xq);

typedef struct {
  size_t n;        /* values compared (NaN in x or x' are skipped)        */
  double max_abs;  /* max |x' - x|                                        */
  double mae;      /* mean |x' - x|                                       */
  double rmse;     /* sqrt(mean (x' - x)^2)                               */
  double sqnr_db;  /* 10 log10(sum x^2 / sum (x' - x)^2); +inf if exact   */
} affq_error_stats;

/* Statistics of xq against x over n values (both float arrays). */
int affq_error_stats_f32(const float *x, const float *xq, size_t n, affq_error_stats *out);

/* The same statistics of the codes q against x, without making the
 * dequantized copy; equal, bit for bit, to affq_error_stats_f32(x, x') with
 * x' = affq_dequantize(q). */
int affq_quant_error_stats(const float *x, const void *q, size_t n, const affq_qparams *p,
                           affq_error_stats *out);

/* ------------------------------------------------------------------------ */
/* Double                                                                    */
/* ------------------------------------------------------------------------ */
/*
 * The same API for double arrays (docs/math.md, "Double").  The parameters
 * are the same affq_qparams: a float scale s, widened to double exactly,
 * and an int zero point.  Every path gives the scalar path's bits, as for
 * float; results that are NaN are the one quiet NaN.
 */

/* q = clamp(roundeven(x / (double)s) + z, qmin, qmax): a true division in
 * double, ties to even, z added after rounding; NaN -> z, +Inf -> qmax,
 * -Inf -> qmin.  Not always the float code of (float)x: near a half-way
 * point the float quotient can round onto or across it. */
int32_t affq_quantize_value_f64(double x, const affq_qparams *p);

/* x' = (double)(q - z) * (double)s, one rounding, no FMA (for a code, q - z
 * has 9 bits and s 24: the product is exact, and (float)x' equals
 * affq_dequantize_value(q, p)). */
double affq_dequantize_value_f64(int32_t q, const affq_qparams *p);

/* Arrays, and per row (row r uses p[r]); q is int8_t * when p->qmin < 0,
 * else uint8_t *. */
int affq_quantize_f64(const double *x, void *q, size_t n, const affq_qparams *p);
int affq_dequantize_f64(const void *q, double *x, size_t n, const affq_qparams *p);
int affq_quantize_rows_f64(const double *x, void *q, size_t rows, size_t cols,
                           const affq_qparams *p);
int affq_dequantize_rows_f64(const void *q, double *x, size_t rows, size_t cols,
                             const affq_qparams *p);

/* min and max of x, NaN ignored (a zero comes back as +0.0), as
 * affq_minmax_f32.  AFFQ_EEMPTY when n = 0 or every value is NaN. */
int affq_minmax_f64(const double *x, size_t n, double *min, double *max);

/* The double rule: the range [min, max] of x (affq_minmax_f64) to float
 * bounds rounded OUTWARD, lo = the largest float <= min, hi = the smallest
 * float >= max, so the float range holds every value; then
 * affq_choose_qparams(lo, hi).  A bound beyond float's range gives
 * AFFQ_ERANGE.  Per tensor, and per row (out[rows]). */
int affq_choose_qparams_f64(const double *x, size_t n, int bits, int is_signed, affq_scheme scheme,
                            affq_qparams *out);
int affq_choose_qparams_rows_f64(const double *x, size_t rows, size_t cols, int bits, int is_signed,
                                 affq_scheme scheme, affq_qparams *out /* [rows] */);

/* *out = (double)s * sum (double)(q[i] - z) * x[i]: the sum in the float
 * dot's fixed lane order (element i to lane i mod 32, then the pairwise
 * tree), in double, no FMA. */
int affq_dot_q8f64(const void *q, const affq_qparams *p, const double *x, size_t n, double *out);

/* y = W x for W rows x cols codes, pw per tensor (1 entry) or per row (rows
 * entries, per_row != 0):
 *   y[r] = (double)s_r * sum (double)(W[r][k] - z_r) * x[k]   (lane order)
 * flags must be 0: there is no dynamic mode in double (AFFQ_EFLAGS). */
int affq_gemv_q8f64(const void *w, const affq_qparams *pw, int per_row, size_t rows, size_t cols,
                    const double *x, double *y, int flags);

#ifdef __cplusplus
}
#endif

#endif /* AFFQ_H */
