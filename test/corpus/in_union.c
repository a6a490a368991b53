// EXPECT: error affq annotates 'u', which is not an array of float
#include "affq.h"
union U { float a[4]; int b[4]; };
AFFQ_RANGE(-1, 1) static union U u;
float f(int i) { u.b[0] = 3; return u.a[i]; }
