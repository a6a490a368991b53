/* reads the field build.c gives memory to (multi-file.test); with -DWHOLE
 * it calls build.c's functions only, and touches no field itself */
#include "weights.h"

#include <stdio.h>

#ifndef WHOLE
static float first(const struct weights *m) { return m->w[0]; }
#endif

int main(void) {
  struct weights m;
  build(&m, 10);
#ifndef WHOLE
  printf("first %a\n", first(&m));
#endif
  printf("sum %a\n", sum(&m));
  return 0;
}
