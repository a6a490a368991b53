/*
 * dot_qq_loop.c - the benchmark's dot product of two quantized arrays, as a
 * user writes it: two 16 Mi-element arrays filled at start-up, and a plain
 * sum of their products marked AFFQ_LOOP.  With the plugin it runs on the
 * runtime's exact int8 dot; as float (-ffast-math) the loop streams 128 MiB
 * where the codes are 32 MiB.
 */
#include "affq.h"
#include "bench_loops.h"

AFFQ_RANGE(-1.0f, 1.0f) static float A[DOT_N];
AFFQ_RANGE(-1.0f, 1.0f) static float B[DOT_N];

void NAME(dot_fill)(unsigned seed) {
  for (int i = 0; i < DOT_N; i++)
    A[i] = bench_uniform(&seed), B[i] = bench_uniform(&seed);
}

void NAME(dot_qq)(float *out) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int i = 0; i < DOT_N; i++)
    acc += A[i] * B[i];
  *out = acc;
}
