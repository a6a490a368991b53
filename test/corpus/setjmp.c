// EXPECT: quantized 'g'
// OUTPUT: 0.25098 0.752941
#include "affq.h"
#include <setjmp.h>
#include <stdio.h>
static jmp_buf env;
AFFQ_RANGE(-1, 1) static float g[4];
static void jump(void) { g[1] = 0.75f; longjmp(env, 1); }
int main(void) { if (!setjmp(env)) { g[0] = 0.25f; jump(); } printf("%g %g\n", g[0], g[1]); return 0; }
