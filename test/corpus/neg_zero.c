// EXPECT: error cannot know the range of 'z': its initializer is all zero
#include "affq.h"
AFFQ static const float z[3] = {-0.0f, 0.0f, -0.0f};
float f(int i) { return z[i]; }
