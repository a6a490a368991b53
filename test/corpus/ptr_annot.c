// EXPECT: quantized heap array in 'f' (size known at run time)
#include "affq.h"
#include <stdlib.h>
float f(int n) { AFFQ_RANGE(-1, 1) float *p = malloc(n * sizeof *p); p[0] = 0.5f; float r = p[0]; free(p); return r; }
