// EXPECT: quantized 't'
#include "affq.h"
AFFQ_RANGE(1e-30f, 2e-30f) static float t[4];
float f(int i, float x) { t[i] = x; return t[i]; }
