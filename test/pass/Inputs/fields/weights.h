#include "affq.h"

struct weights {
  int n;
  AFFQ_RANGE(-1.0f, 1.0f) float *w;
};

void build(struct weights *m, int n);
float sum(const struct weights *m);
