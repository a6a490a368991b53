/*
 * train.c - train a small MLP (64 -> 32 ReLU -> 10 softmax) on the digits'
 * training split, in float, with plain SGD and a fixed seed, and write its
 * weights as a C header of arrays (DIGITS_WEIGHT marks the weight matrices,
 * so the inference program can annotate them).
 *
 *   train data/digits.csv weights.h [epochs]
 */
#include "digits_data.h"

#include <math.h>
#include <string.h>

#define HIDDEN 32

static float W1[HIDDEN][DIGITS_PIXELS], b1[HIDDEN], W2[DIGITS_CLASSES][HIDDEN], b2[DIGITS_CLASSES];
static digits d;

static void write_matrix(FILE *f, const char *decl, const float *v, int rows, int cols) {
  fprintf(f, "%s = {", decl);
  for (int r = 0; r < rows; r++) {
    fprintf(f, rows > 1 ? "\n  {" : "");
    for (int c = 0; c < cols; c++)
      fprintf(f, "%s%a", c ? ", " : "", (double)v[r * cols + c]);
    fprintf(f, rows > 1 ? "}," : "");
  }
  fprintf(f, "};\n");
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: train DIGITS.csv WEIGHTS.h [EPOCHS]\n");
    return 2;
  }
  int epochs = argc > 3 ? atoi(argv[3]) : 60;
  if (digits_load(argv[1], &d))
    return 1;
  unsigned s = 7;
  for (int h = 0; h < HIDDEN; h++) /* He initialization, from the fixed LCG */
    for (int i = 0; i < DIGITS_PIXELS; i++)
      W1[h][i] = ((float)(digits_rand(&s) % 20001) / 10000.0f - 1.0f) * sqrtf(6.0f / DIGITS_PIXELS);
  for (int k = 0; k < DIGITS_CLASSES; k++)
    for (int h = 0; h < HIDDEN; h++)
      W2[k][h] = ((float)(digits_rand(&s) % 20001) / 10000.0f - 1.0f) * sqrtf(6.0f / HIDDEN);

  const float lr = 0.05f;
  for (int e = 0; e < epochs; e++) {
    double loss = 0;
    for (int n = 0; n < DIGITS_TRAIN; n++) {
      int row = d.order[(n * 7 + e * 31) % DIGITS_TRAIN]; /* a different order each epoch */
      const float *x = d.x[row];
      float h[HIDDEN], z[DIGITS_CLASSES], p[DIGITS_CLASSES], gz[DIGITS_CLASSES], gh[HIDDEN];
      for (int j = 0; j < HIDDEN; j++) {
        float a = b1[j];
        for (int i = 0; i < DIGITS_PIXELS; i++)
          a += W1[j][i] * x[i];
        h[j] = a > 0 ? a : 0;
      }
      float zmax = -INFINITY, sum = 0;
      for (int k = 0; k < DIGITS_CLASSES; k++) {
        z[k] = b2[k];
        for (int j = 0; j < HIDDEN; j++)
          z[k] += W2[k][j] * h[j];
        zmax = fmaxf(zmax, z[k]);
      }
      for (int k = 0; k < DIGITS_CLASSES; k++)
        sum += p[k] = expf(z[k] - zmax);
      for (int k = 0; k < DIGITS_CLASSES; k++) {
        p[k] /= sum;
        gz[k] = p[k] - (k == d.label[row]);
      }
      loss -= log(p[d.label[row]] + 1e-12);
      memset(gh, 0, sizeof gh);
      for (int k = 0; k < DIGITS_CLASSES; k++) {
        for (int j = 0; j < HIDDEN; j++) {
          gh[j] += gz[k] * W2[k][j];
          W2[k][j] -= lr * gz[k] * h[j];
        }
        b2[k] -= lr * gz[k];
      }
      for (int j = 0; j < HIDDEN; j++) {
        if (h[j] <= 0)
          continue;
        for (int i = 0; i < DIGITS_PIXELS; i++)
          W1[j][i] -= lr * gh[j] * x[i];
        b1[j] -= lr * gh[j];
      }
    }
    if (e == epochs - 1)
      fprintf(stderr, "train: %d epochs, last epoch's mean loss %.4f\n", epochs, loss / DIGITS_TRAIN);
  }

  FILE *f = fopen(argv[2], "w");
  if (!f) {
    fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  fprintf(f, "/* Written by examples/digits/train.c: a 64-32-10 MLP for the digits. */\n");
  fprintf(f, "#ifndef DIGITS_WEIGHT\n#define DIGITS_WEIGHT\n#endif\n");
  fprintf(f, "#define DIGITS_HIDDEN %d\n", HIDDEN);
  write_matrix(f, "DIGITS_WEIGHT static const float W1[32][64]", &W1[0][0], HIDDEN, DIGITS_PIXELS);
  write_matrix(f, "static const float b1[32]", b1, 1, HIDDEN);
  write_matrix(f, "DIGITS_WEIGHT static const float W2[10][32]", &W2[0][0], DIGITS_CLASSES, HIDDEN);
  write_matrix(f, "static const float b2[10]", b2, 1, DIGITS_CLASSES);
  return fclose(f) ? 1 : 0;
}
