// EXPECT: warning heap array in 'f' stays float: it is passed to realloc, which would copy its codes as floats
#include "affq.h"
#include <stdlib.h>
float f(int n) {
  AFFQ_RANGE(-1, 1) float *p = malloc(n * sizeof *p);
  p[0] = 0.5f;
  p = realloc(p, 2 * n * sizeof *p);
  float r = p[0];
  free(p);
  return r;
}
