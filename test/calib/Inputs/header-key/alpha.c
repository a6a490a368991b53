/* For header-key.test: includes table.h; with -DMAIN, the program. */
#include "table.h"

#include <stdio.h>

float alpha(float k);
float alpha(float k) {
  table_fill(k);
  return table[3] + table_local(k);
}

#ifdef MAIN
float beta(float k);
int main(void) {
  printf("%g %g\n", alpha(1.0f), beta(2.0f));
  return 0;
}
#endif
