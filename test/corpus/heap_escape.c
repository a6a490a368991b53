// EXPECT: warning heap array in 'f' stays float
#include "affq.h"
#include <stdlib.h>
float *keep;
float f(int n) {
  AFFQ_RANGE(-1, 1) float *p = malloc(n * sizeof *p);
  keep = p; /* escapes: other code reads it as floats */
  p[0] = 0.5f;
  return p[0];
}
