/*
 * digits_data.h - the UCI handwritten digits (data/digits.csv, 1797 rows of
 * 64 pixels 0..16 and a label; see data/digits.rst), and the one split that
 * the trainer and the inference program share: a fixed shuffle, the first
 * 1437 rows for training and the last 360 held out for the test.
 */
#ifndef DIGITS_DATA_H
#define DIGITS_DATA_H

#include <stdio.h>
#include <stdlib.h>

#define DIGITS_N 1797
#define DIGITS_TRAIN 1437
#define DIGITS_PIXELS 64
#define DIGITS_CLASSES 10

typedef struct {
  float x[DIGITS_N][DIGITS_PIXELS]; /* pixels / 16, in [0, 1] */
  int label[DIGITS_N];
  int order[DIGITS_N];              /* the shuffle: row order[i] is example i */
} digits;

static unsigned digits_rand(unsigned *s) {
  *s = *s * 1664525u + 1013904223u;
  return *s >> 8;
}

/* Read the CSV; 0, or -1 with a message on stderr. */
static int digits_load(const char *path, digits *d) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return -1;
  }
  for (int r = 0; r < DIGITS_N; r++) {
    for (int c = 0; c <= DIGITS_PIXELS; c++) {
      int v;
      if (fscanf(f, c ? ",%d" : "%d", &v) != 1) {
        fprintf(stderr, "%s: row %d, column %d: not a number\n", path, r + 1, c + 1);
        fclose(f);
        return -1;
      }
      if (c < DIGITS_PIXELS)
        d->x[r][c] = (float)v / 16.0f;
      else
        d->label[r] = v;
    }
  }
  fclose(f);
  unsigned s = 2026;
  for (int i = 0; i < DIGITS_N; i++)
    d->order[i] = i;
  for (int i = DIGITS_N - 1; i > 0; i--) { /* Fisher-Yates */
    int j = (int)(digits_rand(&s) % (unsigned)(i + 1)), t = d->order[i];
    d->order[i] = d->order[j], d->order[j] = t;
  }
  return 0;
}

#endif
