// EXPECT: warning 'v' stays float: it is read by a volatile or atomic load
#include "affq.h"
AFFQ_RANGE(-1, 1) static volatile float v[4];
float f(int i) { v[i] = 0.5f; return v[i]; }
