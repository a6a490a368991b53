// EXPECT: warning heap array in 'f' stays float
#include "affq.h"
#include <stdlib.h>
float other[8];
float f(int n, int c) {
  AFFQ_RANGE(-1, 1) float *p = malloc(n * sizeof *p);
  float *mem = p;
  if (c)
    p = other; /* from somewhere else */
  p[0] = 0.5f;
  float r = p[0];
  free(mem);
  return r;
}
