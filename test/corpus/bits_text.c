// EXPECT: error bits must be an integer from 2 to 8, not ''
#include "affq.h"
AFFQ_OPTS("bits=") static const float a[2] = {1, 2};
AFFQ_OPTS("bits=abc") static const float b[2] = {1, 2};
AFFQ_OPTS("scheme=") static const float c[2] = {1, 2};
float f(int i) { return a[i] + b[i] + c[i]; }
