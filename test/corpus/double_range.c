// EXPECT: error cannot quantize 't': the range is invalid
#include "affq.h"
AFFQ_RANGE(-1e300, 1e300) static float t[4];
float f(int i, float x) { t[i] = x; return t[i]; }
