// EXPECT: warning 'a' stays float: it is read by a volatile or atomic load
#include "affq.h"
AFFQ_RANGE(-1, 1) static _Atomic float a[4];
float f(int i) { a[i] = 0.5f; return a[i]; }
