/*
 * infer.c - classify the digits' held-out split with the trained MLP.
 *
 * The weight matrices are annotated (DIGITS_WEIGHT = AFFQ), so built with
 * the affq plugin they are stored as INT8, quantized at compile time, and
 * classify's loops (AFFQ_KERNEL) become int8 matrix-vector products; built
 * without it, the same source is float.  Prints the accuracy and the time
 * per pass over the test split (median of 21 passes).
 *
 *   infer data/digits.csv
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include "affq.h"
#include "digits_data.h"

#include <time.h>

#define DIGITS_WEIGHT AFFQ
#include "digits_weights.h"

static digits d;

/* AFFQ_KERNEL: both layers' products run on the runtime's int8 kernels (also
 * where classify is inlined, and x starts at d.x[d.order[n]]). */
AFFQ_KERNEL static int classify(const float *restrict x) {
  float h[DIGITS_HIDDEN], best = -1e30f;
  int label = 0;
  for (int j = 0; j < DIGITS_HIDDEN; j++) {
    float a = b1[j];
    for (int i = 0; i < DIGITS_PIXELS; i++)
      a += W1[j][i] * x[i];
    h[j] = a > 0 ? a : 0;
  }
  for (int k = 0; k < DIGITS_CLASSES; k++) {
    float z = b2[k];
    for (int j = 0; j < DIGITS_HIDDEN; j++)
      z += W2[k][j] * h[j];
    if (z > best)
      best = z, label = k;
  }
  return label;
}

static int test_pass(void) {
  int correct = 0;
  for (int n = DIGITS_TRAIN; n < DIGITS_N; n++)
    correct += classify(d.x[d.order[n]]) == d.label[d.order[n]];
  return correct;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  if (argc < 2 || digits_load(argv[1], &d))
    return 1;
  int correct = test_pass();
  double t[21];
  for (int r = 0; r < 21; r++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    volatile int sink = 0;
    for (int k = 0; k < 20; k++)
      sink += test_pass();
    clock_gettime(CLOCK_MONOTONIC, &b);
    t[r] = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 20 / 1e3;
  }
  qsort(t, 21, sizeof t[0], by_value);
  int held_out = DIGITS_N - DIGITS_TRAIN;
  printf("accuracy %.2f %% (%d of %d held-out digits), %.1f us per pass\n",
         100.0 * correct / held_out, correct, held_out, t[10]);
  return 0;
}
