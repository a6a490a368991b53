// Without the plugin, with clang or with gcc, the annotations (and the loop
// markers AFFQ_LOOP and AFFQ_KERNEL) change nothing:
// the program compiles cleanly and computes in float.
// RUN: %clang -O2 -Wall -Wextra -Werror %s -o %t.clang -lm && %t.clang | FileCheck %s
// RUN: gcc -std=c11 -O2 -Wall -Wextra -Werror -I%S/../../include %s -o %t.gcc -lm && %t.gcc | FileCheck %s
// CHECK: W[1] 0x1.99999ap-4 act[0] 0x1.8p-1 raw[2] 0x1.8p+0
// CHECK: dot -0x1.733334p+1 kernel -0x1.733334p+1
#include "affq.h"

#include <stdio.h>

AFFQ static const float W[3] = {1.0f, 0.1f, -2.0f};
AFFQ_RANGE(-1.0f, 1.0f) static float act[4];
AFFQ_OPTS("bits=4") static const float four[2] = {1, 2};
#ifdef __clang__ /* the raw attribute is clang's: gcc warns about it (the macros are empty) */
__attribute__((annotate("affq:symmetric", -2.0, 2.0)))
#endif
static float raw[3] = {0, 1, 1.5f};

static float dot(void) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int i = 0; i < 3; i++)
    acc += W[i] * raw[i];
  return acc;
}

AFFQ_KERNEL_OPTS("dynamic") static float kernel(void) {
  float acc = 0.0f;
  for (int i = 0; i < 3; i++)
    acc += W[i] * raw[i];
  return acc;
}

int main(void) {
  act[0] = 0.75f;
  printf("W[1] %a act[0] %a raw[2] %a\n", W[1], act[0], raw[2] + four[0] - 1.0f);
  printf("dot %a kernel %a\n", dot(), kernel());
  return 0;
}
