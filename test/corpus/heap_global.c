// EXPECT: warning stays float: it is a global pointer
#include "affq.h"
#include <stdlib.h>
AFFQ_RANGE(-1, 1) float *g;
void init(int n) { g = malloc(n * sizeof *g); }
