// EXPECT: warning 'u' stays float: it is written as something other than a float
#include "affq.h"
union U { float a[4]; int b[4]; };
AFFQ_RANGE(-1, 1) static union U u;
float f(int i) { u.b[0] = 3; return u.a[i]; }
