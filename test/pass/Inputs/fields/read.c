/* reads the field build.c gives memory to (multi-file.test) */
#include "weights.h"

#include <stdio.h>

static float first(const struct weights *m) { return m->w[0]; }

int main(void) {
  struct weights m;
  build(&m, 10);
  printf("first %a\n", first(&m));
  printf("sum %a\n", sum(&m));
  return 0;
}
