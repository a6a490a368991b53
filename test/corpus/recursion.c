// EXPECT: quantized 'g'
// OUTPUT: 7.96863
#include "affq.h"
#include <stdio.h>
AFFQ_RANGE(-8, 8) static float g[16];
static void fill(float *p, int n) { if (n == 0) return; *p = (float)n * 0.5f; fill(p + 1, n - 1); }
static float even(const float *p, int n);
static float odd(const float *p, int n) { return n == 0 ? 0 : p[0] - even(p + 1, n - 1); }
static float even(const float *p, int n) { return n == 0 ? 0 : p[0] + odd(p + 1, n - 1); }
int main(void) { fill(g, 16); printf("%g\n", even(g, 16)); return 0; }
