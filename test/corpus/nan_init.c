// EXPECT: quantized 'z'
#include "affq.h"
#include <math.h>
AFFQ static const float z[3] = {NAN, 1.0f, 2.0f};
float f(int i) { return z[i]; }
