/* gives the field its memory, and reads it (multi-file.test) */
#include "weights.h"

#include <stdlib.h>

void build(struct weights *m, int n) {
  m->n = n;
  m->w = malloc((size_t)n * sizeof(float));
  for (int i = 0; i < n; i++)
    m->w[i] = (float)i / (float)n;
}

float sum(const struct weights *m) {
  float s = 0;
  for (int i = 0; i < m->n; i++)
    s += m->w[i];
  return s;
}
