/*
 * loops_bench.c - marked loops with the plugin against the same source as
 * float -ffast-math, measured side by side in one run (see run.sh and
 * bench/README.md).  Each figure is the median over 15 pairs of the
 * float/affq time ratio, the two members of a pair run back to back.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime under -std=c11 */
#include "bench_loops.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

DECLARE(affq)
DECLARE(float)

enum { PAIRS = 15 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}
static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, by_value);
  return v[n / 2];
}

typedef void (*run_fn)(const void *in, void *out);

/* Seconds per call: repeat the call for at least 40 ms. */
static double per_call(run_fn f, const void *in, void *out) {
  int reps = 0;
  double t0 = now(), t;
  do {
    f(in, out);
    reps++;
  } while ((t = now() - t0) < 0.04);
  return t / reps;
}

static float *gx, *gy;
static void g_f(const void *i, void *o) { gemv_float(i, o); }
static void g_q(const void *i, void *o) { gemv_affq(i, o); }
static void gd_f(const void *i, void *o) { gemv_dynamic_float(i, o); }
static void gd_q(const void *i, void *o) { gemv_dynamic_affq(i, o); }
static void m1_f(const void *i, void *o) { mlp_forward1_float(i, o); }
static void m1_q(const void *i, void *o) { mlp_forward1_affq(i, o); }
static void m32_f(const void *i, void *o) { mlp_forward32_float(i, o); }
static void m32_q(const void *i, void *o) { mlp_forward32_affq(i, o); }
static void d_f(const void *i, void *o) { (void)i, dot_qq_float(o); }
static void d_q(const void *i, void *o) { (void)i, dot_qq_affq(o); }
static void rd_f(const void *i, void *o) { gemv_runtime_dims_float(i, o); }
static void rd_q(const void *i, void *o) { gemv_runtime_dims_affq(i, o); }
static void vla_f(const void *i, void *o) { gemv_vla_float(i, o); }
static void vla_q(const void *i, void *o) { gemv_vla_affq(i, o); }
static void al_f(const void *i, void *o) { gemv_alpha_float(i, o); }
static void al_q(const void *i, void *o) { gemv_alpha_affq(i, o); }
static void im_f(const void *i, void *o) { gemv_in_memory_float(i, o); }
static void im_q(const void *i, void *o) { gemv_in_memory_affq(i, o); }
static void ma_f(const void *i, void *o) { gemv_may_alias_float(i, o); }
static void ma_q(const void *i, void *o) { gemv_may_alias_affq(i, o); }
static void ikj_f(const void *i, void *o) { gemm_ikj_float(i, o); }
static void ikj_q(const void *i, void *o) { gemm_ikj_affq(i, o); }
static void fir_f(const void *i, void *o) { fir_float(i, o); }
static void fir_q(const void *i, void *o) { fir_affq(i, o); }

/* Time float against affq, and compare their outputs (n floats). */
static void compare(const char *what, run_fn ff, run_fn fq, const void *in, size_t n) {
  float *yf = calloc(n, sizeof *yf), *yq = calloc(n, sizeof *yq);
  double tf[PAIRS], tq[PAIRS], ratio[PAIRS];
  ff(in, yf), fq(in, yq); /* warm */
  for (int p = 0; p < PAIRS; p++) {
    tf[p] = per_call(ff, in, yf);
    tq[p] = per_call(fq, in, yq);
    ratio[p] = tf[p] / tq[p];
  }
  qsort(ratio, PAIRS, sizeof *ratio, by_value);
  double lo = ratio[0], hi = ratio[PAIRS - 1];
  double diff = 0, scale = 0;
  for (size_t i = 0; i < n; i++) {
    diff = fmax(diff, fabs((double)yq[i] - yf[i]));
    scale = fmax(scale, fabs((double)yf[i]));
  }
  printf("%-30s float %9.1f us   affq %9.1f us   speedup %5.2fx (%.2f-%.2f)   max |diff| %.3g "
         "(%.2g of max |y|)\n",
         what, median(tf, PAIRS) * 1e6, median(tq, PAIRS) * 1e6, median(ratio, PAIRS), lo, hi, diff,
         diff / scale);
  free(yf), free(yq);
}

int main(int argc, char **argv) {
  int quick = argc > 1 && !strcmp(argv[1], "--quick");
  (void)quick;
  gemv_fill_float(7), gemv_fill_affq(7);
  mlp_fill_float(11), mlp_fill_affq(11);
  dot_fill_float(13), dot_fill_affq(13);
  shapes_fill_float(17), shapes_fill_affq(17);
  gx = malloc(GEMV_N * sizeof *gx);
  gy = malloc(GEMV_N * sizeof *gy);
  unsigned s = 3;
  for (int i = 0; i < GEMV_N; i++)
    gx[i] = bench_uniform(&s);
  static float x[MLP_BATCH][MLP_IN];
  for (int b = 0; b < MLP_BATCH; b++)
    for (int k = 0; k < MLP_IN; k++)
      x[b][k] = 0.5f * (bench_uniform(&s) + 1.0f); /* pixels in [0, 1) */

  const char *isa = getenv("AFFQ_ISA");
  printf("median (min-max) of %d pairs; float: -O2 -ffast-math; affq: -O2 -fpass-plugin; both "
         "-march as run.sh says; runtime path: %s\n", PAIRS, isa && *isa ? isa : "best");
  compare("GEMV 4096x4096 (AFFQ_LOOP)", g_f, g_q, gx, GEMV_N);
  compare("GEMV 4096x4096 (dynamic)", gd_f, gd_q, gx, GEMV_N);
  compare("MLP 784-1024-10, batch 1", m1_f, m1_q, x, MLP_OUT);
  compare("MLP 784-1024-10, batch 32", m32_f, m32_q, x, (size_t)MLP_BATCH * MLP_OUT);
  compare("dot of two quantized, 16 Mi", d_f, d_q, NULL, 1);
  compare("GEMV 4096^2 llama2 matmul", rd_f, rd_q, gx, GEMV_N);
  compare("GEMV 4096^2 C99 array param", vla_f, vla_q, gx, GEMV_N);
  compare("GEMV 4096^2 alpha * W * x", al_f, al_q, gx, GEMV_N);
  compare("GEMV 4096^2 y[i] += (memory)", im_f, im_q, gx, GEMV_N);
  compare("GEMV 4096^2 y[i] +=, may alias", ma_f, ma_q, gx, GEMV_N);
  static float a[GEMM_M][GEMM_K];
  for (int i = 0; i < GEMM_M; i++)
    for (int k = 0; k < GEMM_K; k++)
      a[i][k] = bench_uniform(&s);
  compare("GEMM 64x1024x1024 i-k-j", ikj_f, ikj_q, a, (size_t)GEMM_M * GEMM_N);
  float *in = malloc((FIR_OUT + FIR_TAPS) * sizeof *in);
  for (int i = 0; i < FIR_OUT + FIR_TAPS; i++)
    in[i] = bench_uniform(&s);
  compare("FIR 18 taps, 1 Mi outputs", fir_f, fir_q, in, FIR_OUT);
  free(in);
  free(gx), free(gy);
  return 0;
}
