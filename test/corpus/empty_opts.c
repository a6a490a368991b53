// EXPECT: error empty affq parameter in ',,'
#include "affq.h"
AFFQ_OPTS("") static const float t[3] = {1, 2, 3};
AFFQ_OPTS(",,") static const float u[3] = {1, 2, 3};
float f(int i) { return t[i] + u[i]; }
