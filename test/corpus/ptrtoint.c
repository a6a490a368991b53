// EXPECT: warning 'g' stays float: its address is converted to an integer
#include "affq.h"
#include <stdint.h>
AFFQ_RANGE(-1, 1) static float g[4];
uintptr_t f(int i) { g[i] = 0.5f; return (uintptr_t)&g[i] * 3; }
