// EXPECT: nothing
#include "affq.h"
AFFQ_RANGE(-1, 1) extern float ext[4];
float f(int i) { return ext[i]; }
