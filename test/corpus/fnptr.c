// EXPECT: warning 'g' stays float: its address is passed to a function through a pointer
#include "affq.h"
AFFQ_RANGE(-1, 1) static float g[4];
static float get(const float *p) { return p[0]; }
float call(float (*f)(const float *)) { return f(g); }
float direct(void) { return call(get); }
