// EXPECT: quantized 'g'
#include "affq.h"
AFFQ_RANGE(-1, 1) static float g[4];
float f(int k) { static void *t[] = {&&a, &&b}; float *p = g; goto *t[k & 1]; a: p++; b: return *p; }
