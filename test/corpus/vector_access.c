// EXPECT: warning 'g' stays float: it is read as something other than a float
#include "affq.h"
typedef float v4 __attribute__((vector_size(16)));
AFFQ_RANGE(-1, 1) static float g[8];
v4 f(void) { return *(v4 *)g; }
