// EXPECT: warning 'g' stays float
#include "affq.h"
#include <string.h>
struct P { float *p; };
AFFQ_RANGE(-1, 1) static float g[4];
float f(void) { struct P a = {g}, b; memcpy(&b, &a, sizeof a); return b.p[0]; }
