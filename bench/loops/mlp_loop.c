/*
 * mlp_loop.c - a two-layer MLP forward pass, 784-1024-10 with ReLU, as
 * plain C loops marked AFFQ_KERNEL; batch 1 and batch 32.  Weights are
 * filled at start-up.  Compiled twice by run.sh, like gemv_loop.c.
 */
#include "affq.h"
#include "bench_loops.h"

AFFQ_RANGE(-0.1f, 0.1f) static float W1[MLP_HIDDEN][MLP_IN];
AFFQ_RANGE(-0.2f, 0.2f) static float W2[MLP_OUT][MLP_HIDDEN];
static float b1[MLP_HIDDEN], b2[MLP_OUT];
static float H[MLP_BATCH][MLP_HIDDEN];

void NAME(mlp_fill)(unsigned seed) {
  for (int j = 0; j < MLP_HIDDEN; j++) {
    for (int k = 0; k < MLP_IN; k++)
      W1[j][k] = 0.1f * bench_uniform(&seed);
    b1[j] = 0.05f * bench_uniform(&seed);
  }
  for (int o = 0; o < MLP_OUT; o++) {
    for (int j = 0; j < MLP_HIDDEN; j++)
      W2[o][j] = 0.2f * bench_uniform(&seed);
    b2[o] = 0.05f * bench_uniform(&seed);
  }
}

/* out[b] = W2 relu(W1 x[b] + b1) + b2, for B rows of x */
#define FORWARD(B)                                                                                 \
  AFFQ_KERNEL_OPTS("dynamic")                                                                      \
  void NAME(mlp_forward##B)(const float (*restrict x)[MLP_IN], float (*restrict out)[MLP_OUT]) {  \
    for (int b = 0; b < B; b++)                                                                    \
      for (int j = 0; j < MLP_HIDDEN; j++) {                                                       \
        float acc = b1[j];                                                                         \
        for (int k = 0; k < MLP_IN; k++)                                                           \
          acc += W1[j][k] * x[b][k];                                                               \
        H[b][j] = acc > 0.0f ? acc : 0.0f;                                                         \
      }                                                                                            \
    for (int b = 0; b < B; b++)                                                                    \
      for (int o = 0; o < MLP_OUT; o++) {                                                          \
        float acc = b2[o];                                                                         \
        for (int j = 0; j < MLP_HIDDEN; j++)                                                       \
          acc += W2[o][j] * H[b][j];                                                               \
        out[b][o] = acc;                                                                           \
      }                                                                                            \
  }
FORWARD(1)
FORWARD(32)
