// EXPECT: warning stays float: it is a variable-length array
#include "affq.h"
float f(int n) { AFFQ_RANGE(-1, 1) float v[n]; for (int i = 0; i < n; i++) v[i] = 0.1f * i; return v[n - 1]; }
