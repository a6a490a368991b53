// EXPECT: error affq annotates 'f', which is not an array of float
#include "affq.h"
AFFQ float f(float x) { return x; }
