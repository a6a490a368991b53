// EXPECT: nothing (clang does not emit an unused static array)
#include "affq.h"
AFFQ static const float unused_w[3] = {1, 2, 3};
int f(void) { return 1; }
