// EXPECT: quantized 'g'
#include "affq.h"
AFFQ_RANGE(-1, 1) static float g[8];
float f(int k) { float *p; switch (k) { case 0: p = g; break; case 1: p = g + 3; break; default: p = &g[7]; } *p = 0.25f; return p[0]; }
