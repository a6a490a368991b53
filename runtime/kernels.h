/*
 * kernels.h - the kernel table: one set of function pointers per ISA path,
 * filled once at first use (dispatch.c).
 *
 * Naming follows XNNPACK: affq_<types>_<op>__<isa>_u<unroll>, e.g.
 * affq_f32_qs8_vcvt__avx2_u32 quantizes f32 to signed 8-bit codes, AVX2, 32
 * elements per iteration.  qs8 = int8 codes, qu8 = uint8 codes, q8 = either
 * (the qparams say which: qmin < 0 means int8).
 *
 * Every path must give results identical, bit for bit, to the scalar
 * reference (kernels_scalar.c).  Two rules make that true by construction:
 *   - element-wise ops are the same IEEE operations in the same order as
 *     runtime/qmath.h (division, roundeven, add, clamp; subtract, multiply);
 *   - float and double sums use one fixed order: element i of a call goes to
 *     lane i mod AFFQ_LANES, and the lanes are reduced by affq_lanes_reduce's
 *     fixed pairwise tree.  Integer sums are exact modulo 2^32, so their order
 *     does not matter.
 */
#ifndef AFFQ_KERNELS_H
#define AFFQ_KERNELS_H

#include "affq.h"

#include <stddef.h>
#include <stdint.h>

enum { AFFQ_LANES = 32 };

/* Per-lane partial sums of the error statistics (see affq_error_stats). */
typedef struct {
  double sum_abs[AFFQ_LANES], sum_sq[AFFQ_LANES], sum_signal[AFFQ_LANES];
  double max_abs;
  size_t n; /* pairs counted: those where x is not NaN */
} affq_stats_lanes;

typedef struct affq_kernels {
  const char *name;
  /* min and max over x ignoring NaN; +Inf / -Inf when there is no value. */
  void (*f32_vminmax)(const float *x, size_t n, float *min, float *max);
  void (*f32_qs8_vcvt)(const float *x, int8_t *q, size_t n, const affq_qparams *p);
  void (*f32_qu8_vcvt)(const float *x, uint8_t *q, size_t n, const affq_qparams *p);
  void (*qs8_f32_vcvt)(const int8_t *q, float *x, size_t n, const affq_qparams *p);
  void (*qu8_f32_vcvt)(const uint8_t *q, float *x, size_t n, const affq_qparams *p);
  /* out = quantize(dequantize(in, pin), pout), element by element. */
  void (*q8_q8_vrequant)(const void *in, const affq_qparams *pin, void *out,
                         const affq_qparams *pout, size_t n);
  /* sum over i of (float)(q[i] - z) * x[i], in lane order, unscaled. */
  float (*q8_f32_dot)(const void *q, const affq_qparams *p, const float *x, size_t n);
  /* q8_f32_dot of four rows at once (w + j * stride, zero points z[j], one
   * signedness), each row in its own lane order: out[j] equals q8_f32_dot of
   * row j bit for bit; four rows give the adds four times the chains. */
  void (*q8_f32_dot4)(const void *w, size_t stride, const int32_t z[4], int is_signed,
                      const float *x, size_t n, float out[4]);
  /* y[j] = y[j] + ((float)(q[j] - z) * s) * xk for j < n: one row of the
   * transposed product, element-wise (three roundings each, no FMA), so
   * every path gives the same bits. */
  void (*q8_f32_axpy)(const void *q, const affq_qparams *p, int is_signed, float xk, float *y,
                      size_t n);
  /* sum over i of (a[i] - za) * (b[i] - zb), modulo 2^32. */
  uint32_t (*q8_q8_dot)(const void *a, const affq_qparams *pa, const void *b,
                        const affq_qparams *pb, size_t n);
  /* lane partial sums of |x' - x|, (x' - x)^2, x^2 with x' = dequantize(q). */
  void (*f32_q8_vstats)(const float *x, const void *q, const affq_qparams *p, size_t n,
                        affq_stats_lanes *acc);
  /* Double: the same operations in double (qmath.h's *_f64 definitions). */
  void (*f64_vminmax)(const double *x, size_t n, double *min, double *max);
  void (*f64_qs8_vcvt)(const double *x, int8_t *q, size_t n, const affq_qparams *p);
  void (*f64_qu8_vcvt)(const double *x, uint8_t *q, size_t n, const affq_qparams *p);
  void (*qs8_f64_vcvt)(const int8_t *q, double *x, size_t n, const affq_qparams *p);
  void (*qu8_f64_vcvt)(const uint8_t *q, double *x, size_t n, const affq_qparams *p);
  /* sum over i of (double)(q[i] - z) * x[i], in lane order, unscaled. */
  double (*q8_f64_dot)(const void *q, const affq_qparams *p, const double *x, size_t n);
} affq_kernels;

/* IEEE 754 leaves the sign and payload of a NaN result to the hardware (x86
 * makes negative default NaNs, AArch64 positive ones; when two NaNs meet,
 * operand order decides).  Every float result that can be NaN goes through
 * this, so NaN results are bit-identical too: the one quiet NaN, +NAN. */
static inline float affq_canonical_f32(float v) { return v != v ? __builtin_nanf("") : v; }
static inline double affq_canonical_f64(double v) { return v != v ? __builtin_nan("") : v; }

/* Turn lane partial sums into the statistics (metrics.c). */
void affq_stats_finish(affq_stats_lanes *acc, affq_error_stats *out);

/* Reduce AFFQ_LANES partial sums with the one fixed tree: halves added
 * pairwise, lane j += lane j + w for w = 16, 8, 4, 2, 1. */
static inline float affq_lanes_reduce_f32(float *lane) {
  for (int w = AFFQ_LANES / 2; w >= 1; w /= 2)
    for (int j = 0; j < w; j++)
      lane[j] += lane[j + w];
  return lane[0];
}
static inline double affq_lanes_reduce_f64(double *lane) {
  for (int w = AFFQ_LANES / 2; w >= 1; w /= 2)
    for (int j = 0; j < w; j++)
      lane[j] += lane[j + w];
  return lane[0];
}

/* Outputs at least this large are written with non-temporal stores: they
 * would only evict the cache, and skipping the read-for-ownership is what
 * lets a streaming kernel beat memcpy's bytes per second. */
enum { AFFQ_NT_STORE_BYTES = 4 << 20 };

extern const affq_kernels affq_kernels_scalar;
#if defined(__x86_64__) || defined(__i386__)
extern const affq_kernels affq_kernels_sse41;
extern const affq_kernels affq_kernels_avx2;
extern const affq_kernels affq_kernels_avx512;
/* The VNNI paths are their base path with the integer dot replaced. */
uint32_t affq_q8_q8_dot__avx2_u32(const void *a, const affq_qparams *pa, const void *b,
                                  const affq_qparams *pb, size_t n);
uint32_t affq_q8_q8_dot__avx512_u64(const void *a, const affq_qparams *pa, const void *b,
                                    const affq_qparams *pb, size_t n);
uint32_t affq_q8_q8_dot__avxvnni_u32(const void *a, const affq_qparams *pa, const void *b,
                                     const affq_qparams *pb, size_t n);
uint32_t affq_q8_q8_dot__avx512vnni_u64(const void *a, const affq_qparams *pa, const void *b,
                                        const affq_qparams *pb, size_t n);
uint32_t affq_q8_q8_dot__sse41_u16(const void *a, const affq_qparams *pa, const void *b,
                                   const affq_qparams *pb, size_t n);
#endif
#if defined(__aarch64__)
extern const affq_kernels affq_kernels_neon;
uint32_t affq_q8_q8_dot__neondot_u16(const void *a, const affq_qparams *pa, const void *b,
                                     const affq_qparams *pb, size_t n);
#endif

/* The table in use (dispatch.c); NULL with *err set when AFFQ_ISA asked for
 * a path this CPU or build does not have. */
const affq_kernels *affq_kernels_get(int *err);

/* The integer dot's zero-point algebra, shared by the paths that compute the
 * raw sums (VNNI): sum (a - za)(b - zb) = Sab - za Sb - zb Sa + n za zb,
 * all modulo 2^32 (unsigned arithmetic, so wrap-around is defined). */
static inline uint32_t affq_dot_from_sums(uint32_t sab, uint32_t sa, uint32_t sb, int32_t za,
                                          int32_t zb, size_t n) {
  return sab - (uint32_t)za * sb - (uint32_t)zb * sa + (uint32_t)n * (uint32_t)za * (uint32_t)zb;
}

/* sum (a[i] - za)(b[i] - zb) for i in [from, n): the tail of every path. */
static inline uint32_t affq_q8_q8_dot_tail(const void *a, const affq_qparams *pa, const void *b,
                                           const affq_qparams *pb, size_t from, size_t n) {
  uint32_t acc = 0;
  for (size_t i = from; i < n; i++) {
    int32_t ca = pa->qmin < 0 ? ((const int8_t *)a)[i] : ((const uint8_t *)a)[i];
    int32_t cb = pb->qmin < 0 ? ((const int8_t *)b)[i] : ((const uint8_t *)b)[i];
    acc += (uint32_t)((ca - pa->zero_point) * (cb - pb->zero_point));
  }
  return acc;
}

/* Define the kernel NAME(a, pa, b, pb, n) from an always-inline
 * LOOP(a, a_signed, za, b, b_signed, zb, n, &done), which returns the sum
 * over the first `done` elements: LOOP is specialized for each signedness
 * pair (constants after inlining), and the tail is added in scalar code. */
#define AFFQ_DEFINE_Q8Q8_DOT(NAME, LOOP)                                                          \
  uint32_t NAME(const void *a, const affq_qparams *pa, const void *b, const affq_qparams *pb,    \
                size_t n) {                                                                      \
    int32_t za = pa->zero_point, zb = pb->zero_point;                                            \
    size_t done;                                                                                 \
    uint32_t acc;                                                                                \
    if (pa->qmin < 0)                                                                            \
      acc = pb->qmin < 0 ? LOOP(a, 1, za, b, 1, zb, n, &done) : LOOP(a, 1, za, b, 0, zb, n, &done); \
    else                                                                                         \
      acc = pb->qmin < 0 ? LOOP(a, 0, za, b, 1, zb, n, &done) : LOOP(a, 0, za, b, 0, zb, n, &done); \
    return acc + affq_q8_q8_dot_tail(a, pa, b, pb, done, n);                                     \
  }

#endif /* AFFQ_KERNELS_H */
