/*
 * shapes_loop.c - the same 4096 x 4096 matrix-vector product written the
 * ways real C writes it, an i-k-j matrix product, and an 18-tap filter, each
 * under AFFQ_LOOP.  Compiled twice by run.sh (with the plugin, and as float
 * -ffast-math without it) and timed side by side by loops_bench.c.
 */
#include "affq.h"
#include "bench_loops.h"

AFFQ_RANGE(-1.0f, 1.0f) static float W[GEMV_N * GEMV_N];
AFFQ_RANGE(-1.0f, 1.0f) static float B[GEMM_K][GEMM_N];
AFFQ_RANGE(-1.0f, 1.0f) static float taps[FIR_TAPS];

void NAME(shapes_fill)(unsigned seed) {
  for (long i = 0; i < (long)GEMV_N * GEMV_N; i++)
    W[i] = bench_uniform(&seed);
  for (int k = 0; k < GEMM_K; k++)
    for (int j = 0; j < GEMM_N; j++)
      B[k][j] = bench_uniform(&seed);
  for (int k = 0; k < FIR_TAPS; k++)
    taps[k] = bench_uniform(&seed);
}

/* llama2.c's matmul: pointers, dimensions as parameters */
__attribute__((noinline)) static void matmul(float *xout, const float *x, const float *w, int n,
                                             int d) {
  AFFQ_LOOP
  for (int i = 0; i < d; i++) {
    float val = 0.0f;
    for (int j = 0; j < n; j++)
      val += w[i * n + j] * x[j];
    xout[i] = val;
  }
}
void NAME(gemv_runtime_dims)(const float *restrict x, float *restrict y) {
  volatile int n = GEMV_N; /* known only at run time, as in llama2.c */
  matmul(y, x, W, n, n);
}

/* a C99 array parameter */
__attribute__((noinline)) static void mv(int rows, int cols, float y[rows],
                                         const float a[rows][cols], const float x[cols]) {
  AFFQ_LOOP
  for (int i = 0; i < rows; i++) {
    float acc = 0.0f;
    for (int j = 0; j < cols; j++)
      acc += a[i][j] * x[j];
    y[i] = acc;
  }
}
void NAME(gemv_vla)(const float *restrict x, float *restrict y) {
  volatile int n = GEMV_N;
  mv(n, n, y, (const float(*)[GEMV_N])W, x);
}

/* a scalar factor in the term */
void NAME(gemv_alpha)(const float *restrict x, float *restrict y) {
  volatile float a = 0.5f;
  float alpha = a;
  AFFQ_LOOP
  for (int i = 0; i < GEMV_N; i++) {
    float acc = 0.0f;
    for (int j = 0; j < GEMV_N; j++)
      acc += alpha * W[(long)i * GEMV_N + j] * x[j];
    y[i] = acc;
  }
}

/* the sum kept in memory */
void NAME(gemv_in_memory)(const float *restrict x, float *restrict y) {
  AFFQ_LOOP
  for (int i = 0; i < GEMV_N; i++) {
    y[i] = 0.0f;
    for (int j = 0; j < GEMV_N; j++)
      y[i] += W[(long)i * GEMV_N + j] * x[j];
  }
}

/* the sum kept in memory, and y a plain pointer that may point into x:
 * a check per row at run time */
__attribute__((noinline)) static void gemv_mem(float *y, const float *x) {
  AFFQ_LOOP
  for (int i = 0; i < GEMV_N; i++) {
    y[i] = 0.0f;
    for (int j = 0; j < GEMV_N; j++)
      y[i] += W[(long)i * GEMV_N + j] * x[j];
  }
}
void NAME(gemv_may_alias)(const float *restrict x, float *restrict y) { gemv_mem(y, x); }

/* C += A B, i-k-j order (j innermost), B quantized */
void NAME(gemm_ikj)(const float (*restrict a)[GEMM_K], float (*restrict c)[GEMM_N]) {
  for (int i = 0; i < GEMM_M; i++)
    for (int j = 0; j < GEMM_N; j++)
      c[i][j] = 0.0f;
  AFFQ_LOOP
  for (int i = 0; i < GEMM_M; i++)
    for (int k = 0; k < GEMM_K; k++)
      for (int j = 0; j < GEMM_N; j++)
        c[i][j] += a[i][k] * B[k][j];
}

/* an 18-tap filter: the taps are read again for every output */
void NAME(fir)(const float *restrict in, float *restrict out) {
  AFFQ_LOOP
  for (int i = 0; i < FIR_OUT; i++) {
    float acc = 0.0f;
    for (int k = 0; k < FIR_TAPS; k++)
      acc += taps[k] * in[i + k];
    out[i] = acc;
  }
}
