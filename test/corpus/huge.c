// EXPECT: quantized 'huge' (67108864 floats)
#include "affq.h"
AFFQ_RANGE(-1, 1) static float huge[1 << 26];
float f(long i) { huge[i] = 0.5f; return huge[i + 1]; }
