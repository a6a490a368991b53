// EXPECT: error 't' has more than one affq annotation
#include "affq.h"
AFFQ AFFQ_OPTS("bits=4") static const float t[3] = {1, 2, 3};
float f(int i) { return t[i]; }
