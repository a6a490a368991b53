// EXPECT: warning 'g' stays float: its address is given to inline asm
#include "affq.h"
AFFQ_RANGE(-1, 1) static float g[4];
float f(void) { float *p = g; __asm__ volatile("" : "+r"(p)); return p[0]; }
