// EXPECT: quantized 'tl'
#include "affq.h"
AFFQ_RANGE(-1, 1) static _Thread_local float tl[4];
float f(int i, float x) { tl[i] = x; return tl[i]; }
