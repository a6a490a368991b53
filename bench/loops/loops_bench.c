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
  double diff = 0, scale = 0;
  for (size_t i = 0; i < n; i++) {
    diff = fmax(diff, fabs((double)yq[i] - yf[i]));
    scale = fmax(scale, fabs((double)yf[i]));
  }
  printf("%-28s float %9.1f us   affq %9.1f us   speedup %5.2fx   max |diff| %.3g (%.2g of max |y|)\n",
         what, median(tf, PAIRS) * 1e6, median(tq, PAIRS) * 1e6, median(ratio, PAIRS), diff,
         diff / scale);
  free(yf), free(yq);
}

int main(int argc, char **argv) {
  int quick = argc > 1 && !strcmp(argv[1], "--quick");
  (void)quick;
  gemv_fill_float(7), gemv_fill_affq(7);
  mlp_fill_float(11), mlp_fill_affq(11);
  dot_fill_float(13), dot_fill_affq(13);
  gx = malloc(GEMV_N * sizeof *gx);
  gy = malloc(GEMV_N * sizeof *gy);
  unsigned s = 3;
  for (int i = 0; i < GEMV_N; i++)
    gx[i] = bench_uniform(&s);
  static float x[MLP_BATCH][MLP_IN];
  for (int b = 0; b < MLP_BATCH; b++)
    for (int k = 0; k < MLP_IN; k++)
      x[b][k] = 0.5f * (bench_uniform(&s) + 1.0f); /* pixels in [0, 1) */

  printf("median of %d pairs; float: -O2 -march=native -ffast-math; affq: -O2 -march=native "
         "-fpass-plugin\n", PAIRS);
  compare("GEMV 4096x4096 (AFFQ_LOOP)", g_f, g_q, gx, GEMV_N);
  compare("GEMV 4096x4096 (dynamic)", gd_f, gd_q, gx, GEMV_N);
  compare("MLP 784-1024-10, batch 1", m1_f, m1_q, x, MLP_OUT);
  compare("MLP 784-1024-10, batch 32", m32_f, m32_q, x, (size_t)MLP_BATCH * MLP_OUT);
  compare("dot of two quantized, 16 Mi", d_f, d_q, NULL, 1);
  free(gx), free(gy);
  return 0;
}
