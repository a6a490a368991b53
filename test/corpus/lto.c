// EXPECT: quantized 'w'
// OUTPUT: -1
// FLAGS: -flto
#include "affq.h"
#include <stdio.h>
AFFQ static const float w[4] = {0.5f, -1, 2, 0.25f};
int main(int argc, char **argv) { (void)argv; printf("%g\n", w[argc]); return 0; }
