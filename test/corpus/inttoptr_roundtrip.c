// EXPECT: warning 'g' stays float: its address is converted to an integer
#include "affq.h"
#include <stdint.h>
AFFQ_RANGE(-1, 1) static float g[4];
float f(int i) { uintptr_t a = (uintptr_t)g; float *p = (float *)(a + 4 * (uintptr_t)i); return *p; }
