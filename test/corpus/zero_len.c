// EXPECT: warning 'zl' stays float: its address is returned
#include "affq.h"
AFFQ_RANGE(-1, 1) static float zl[0];
float *f(void) { return zl; }
