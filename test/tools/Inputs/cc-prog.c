/* For affq-cc.test: one ranged array, and with -DPROFILED one that takes
 * its range from a calibration profile. */
#include "affq.h"
#include <stdio.h>
AFFQ_RANGE(-1.0f, 1.0f) float act[64];
#ifdef PROFILED
AFFQ float profiled[64]; /* no range: the profile gives it */
#endif
int main(void) {
  for (int i = 0; i < 64; i++)
    act[i] = (float)i / 20.0f - 1.0f;
#ifdef PROFILED
  for (int i = 0; i < 64; i++)
    profiled[i] = (float)i / 10.0f;
#endif
  printf("act[10] = %g\n", act[10] + 1.0f);
  return 0;
}
