/* For affq-report-loops.test: one marked loop of each outcome.
 *   gemv: a matrix-vector product, replaced by a kernel call;
 *   fir18: an 18-tap filter whose taps the loop around it reads again on
 *          every iteration, kept inline (the taps dequantized once);
 *   scale: no sum, element-wise;
 *   plain: touches no quantized array, the mark is ignored. */
#include "affq.h"
#include <stdio.h>

AFFQ_RANGE(-1.0f, 1.0f) static float W[16][32];
AFFQ_RANGE(-1.0f, 1.0f) static float taps[18];
AFFQ_RANGE(-4.0f, 4.0f) static float v[64];
static float x[32], y[16], in[100 + 18], out[100], f[64];

__attribute__((noinline)) void gemv(void) {
  AFFQ_LOOP
  for (int r = 0; r < 16; r++) {
    float acc = 0.0f;
    for (int c = 0; c < 32; c++)
      acc += W[r][c] * x[c];
    y[r] = acc;
  }
}

__attribute__((noinline)) void fir18(int n) {
  AFFQ_LOOP
  for (int i = 0; i < n; i++) {
    float acc = 0.0f;
    for (int k = 0; k < 18; k++)
      acc += taps[k] * in[i + k];
    out[i] = acc;
  }
}

__attribute__((noinline)) void scale(float a) {
  AFFQ_LOOP
  for (int i = 0; i < 64; i++)
    v[i] = v[i] * a;
}

__attribute__((noinline)) void plain(float a) {
  AFFQ_LOOP
  for (int i = 0; i < 64; i++)
    f[i] = f[i] * a;
}

int main(void) {
  for (int r = 0; r < 16; r++)
    for (int c = 0; c < 32; c++)
      W[r][c] = (float)((r * 7 + c * 3) % 11) / 10.0f - 0.5f;
  for (int k = 0; k < 18; k++)
    taps[k] = (float)(k % 5) / 5.0f - 0.4f;
  for (int i = 0; i < 118; i++)
    in[i] = (float)(i % 9) / 9.0f;
  for (int i = 0; i < 64; i++)
    v[i] = f[i] = (float)(i % 7) / 7.0f;
  for (int c = 0; c < 32; c++)
    x[c] = (float)c / 32.0f;
  gemv();
  fir18(100);
  scale(2.0f);
  plain(2.0f);
  printf("%g %g %g %g\n", y[3], out[50], v[10], f[10]);
  return 0;
}
