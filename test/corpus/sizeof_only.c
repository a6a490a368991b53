// EXPECT: nothing (only sizeof: clang emits no array)
#include "affq.h"
AFFQ_RANGE(-1, 1) static float g[8];
unsigned long f(void) { return sizeof g; }
