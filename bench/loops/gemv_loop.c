/*
 * gemv_loop.c - the benchmark's GEMV, as a user writes it: a 4096 x 4096
 * weight matrix filled at start-up (as if read from a file), and a plain
 * loop marked AFFQ_LOOP.  Compiled twice by run.sh: with the plugin
 * (-DVARIANT=affq) and as float (-DVARIANT=float, -ffast-math, no plugin).
 */
#include "affq.h"
#include "bench_loops.h"

AFFQ_RANGE(-1.0f, 1.0f) static float W[GEMV_N][GEMV_N];

void NAME(gemv_fill)(unsigned seed) {
  for (int r = 0; r < GEMV_N; r++)
    for (int c = 0; c < GEMV_N; c++)
      W[r][c] = bench_uniform(&seed);
}

void NAME(gemv)(const float *restrict x, float *restrict y) {
  AFFQ_LOOP
  for (int r = 0; r < GEMV_N; r++) {
    float acc = 0.0f;
    for (int c = 0; c < GEMV_N; c++)
      acc += W[r][c] * x[c];
    y[r] = acc;
  }
}

void NAME(gemv_dynamic)(const float *restrict x, float *restrict y) {
  AFFQ_LOOP_OPTS("dynamic")
  for (int r = 0; r < GEMV_N; r++) {
    float acc = 0.0f;
    for (int c = 0; c < GEMV_N; c++)
      acc += W[r][c] * x[c];
    y[r] = acc;
  }
}
