// A loop that reads a quantized array one element at a time and is not
// vectorized pays a dequantization per read: -Rpass-analysis=affq says so,
// at the read's line, naming the user's function and the array.  A loop the
// vectorizer did vectorize (the stencil) says nothing; a marked loop that
// still was not vectorized is told to be restructured (not to be marked);
// without the remark flag nothing is printed.
//
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass-analysis=affq -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not='one element at a time'
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -c %s -o /dev/null 2>&1 | count 0
#include "affq.h"

AFFQ_RANGE(-1.0f, 1.0f) static float G[66][66];
float out[64][64];

void fill(float v) {
  for (int i = 0; i < 66; i++)
    for (int j = 0; j < 66; j++)
      G[i][j] = v * (float)(i - j) / 66.0f;
}

void stencil(void) {
  for (int i = 1; i < 65; i++)
    for (int j = 1; j < 65; j++)
      out[i - 1][j - 1] = 0.25f * (G[i - 1][j] + G[i + 1][j] + G[i][j - 1] + G[i][j + 1]) - G[i][j];
}

/* an ordered float sum of a gather: not vectorized without reordering */
float gather(const int *idx, int n) {
  float s = 0.0f;
  for (int k = 0; k < n; k++)
    s += G[idx[k] % 66][idx[k] % 65];
  return s;
}
// CHECK: scalar-dequant.c:[[@LINE-3]]:1: remark: a loop in 'gather' reads 'G' one element at a time and was not vectorized: each read pays a dequantization (a convert and a multiply) where the float program loads a float; mark it AFFQ_LOOP (its sums may then be reordered, so it vectorizes, and products run on the int8 kernels) or restructure it [-Rpass-analysis=affq]

float gather_marked(const int *idx, int n) {
  float s = 0.0f;
  AFFQ_LOOP
  for (int k = 0; k < n; k++)
    s += G[idx[k] % 66][idx[k] % 65];
  return s;
}
// CHECK: scalar-dequant.c:[[@LINE-3]]:1: remark: this marked loop in 'gather_marked' reads 'G' one element at a time and was not vectorized (see -Rpass-missed=loop-vectorize for why): each read pays a dequantization (a convert and a multiply) where the float program loads a float; restructure it [-Rpass-analysis=affq]
