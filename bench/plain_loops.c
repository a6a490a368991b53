/*
 * plain_loops.c - the loops a user would write by hand, the baselines of
 * bench/affq_bench.c.  Compiled with clang-19 -O3 -march=native -ffast-math
 * (bench/CMakeLists.txt), as the targets specify.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#if !defined(__clang__) && defined(__SSE2__)
#include <immintrin.h>
#endif

void plain_quantize(const float *x, int8_t *q, size_t n, float s, int32_t z) {
  for (size_t i = 0; i < n; i++)
    q[i] = (int8_t)fminf(fmaxf(rintf(x[i] / s) + (float)z, -128.0f), 127.0f);
}

void plain_dequantize(const int8_t *q, float *x, size_t n, float s, int32_t z) {
  for (size_t i = 0; i < n; i++)
    x[i] = (float)(q[i] - z) * s;
}

void plain_gemv_f32(const float *w, const float *x, float *y, size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; r++) {
    float acc = 0.0f;
    for (size_t c = 0; c < cols; c++)
      acc += w[r * cols + c] * x[c];
    y[r] = acc;
  }
}

/* Reads n floats and nothing else: the read bandwidth one core reaches. */
float plain_sum(const float *x, size_t n) {
  float acc = 0.0f;
  for (size_t i = 0; i < n; i++)
    acc += x[i];
  return acc;
}

/* Writes n floats with non-temporal stores and reads nothing: the write
 * bandwidth one core reaches (dequantize's limit: it writes 4 bytes for
 * each byte it reads). */
void plain_fill_nt(float *x, size_t n, float v) {
#if defined(__clang__) /* whole 32-byte vectors: clang keeps a scalar one scalar (movntss) */
  typedef float f32x8 __attribute__((vector_size(32)));
  f32x8 vv = (f32x8){0} + v;
  size_t i = 0;
  for (; i + 8 <= n; i += 8)
    __builtin_nontemporal_store(vv, (f32x8 *)(x + i));
  for (; i < n; i++)
    x[i] = v;
#elif defined(__SSE2__) /* gcc: movntps by hand (x is 64-byte aligned) */
  size_t i = 0;
  for (; i + 4 <= n; i += 4)
    _mm_stream_ps(x + i, _mm_set1_ps(v));
  for (; i < n; i++)
    x[i] = v;
  _mm_sfence();
#else
  for (size_t i = 0; i < n; i++)
    x[i] = v;
#endif
}

/* The same loops in double (the double API's baselines). */
void plain_quantize_f64(const double *x, int8_t *q, size_t n, float s, int32_t z) {
  for (size_t i = 0; i < n; i++)
    q[i] = (int8_t)fmin(fmax(rint(x[i] / s) + (double)z, -128.0), 127.0);
}

void plain_dequantize_f64(const int8_t *q, double *x, size_t n, float s, int32_t z) {
  for (size_t i = 0; i < n; i++)
    x[i] = (double)(q[i] - z) * s;
}

void plain_gemv_f64(const double *w, const double *x, double *y, size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; r++) {
    double acc = 0.0;
    for (size_t c = 0; c < cols; c++)
      acc += w[r * cols + c] * x[c];
    y[r] = acc;
  }
}
