// EXPECT: error affq annotates 's', which is not an array of float
#include "affq.h"
struct S { float a[4]; int n; };
AFFQ static struct S s = {{1, 2, 3, 4}, 4};
float f(int i) { return s.a[i]; }
