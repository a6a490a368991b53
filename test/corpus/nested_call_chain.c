// EXPECT: quantized 'g'
// OUTPUT: 1.50588
#include "affq.h"
#include <stdio.h>
AFFQ_RANGE(-4, 4) static float g[8];
static void c3(float *p) { p[0] = 1.5f; }
static void c2(float *p) { c3(p + 1); }
static void c1(float *p) { c2(p + 1); }
int main(void) { c1(g); printf("%g\n", g[2]); return 0; }
