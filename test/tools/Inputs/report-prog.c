/* For affq-report.test: a constant, a per-row constant, an array written at
 * run time, one calibrated from a profile (-DPROFILE), and one that stays
 * float. */
#include "affq.h"
#include <stdio.h>

AFFQ static const float K[8] = {-1.5f, -0.5f, 0.0f, 0.25f, 0.5f, 1.0f, 2.0f, 3.0f};
AFFQ_OPTS("per_row,symmetric") static const float M[2][4] = {{1, -1, 0.5f, 0.25f}, {4, 2, -3, 1}};
AFFQ_RANGE(0.0f, 6.0f) float act[16];
#ifdef PROFILE
AFFQ float seen[16];
#endif
AFFQ_RANGE(-1.0f, 1.0f) volatile float stays[4];

int main(void) {
  for (int i = 0; i < 16; i++) {
    act[i] = (float)i * 0.3f;
#ifdef PROFILE
    seen[i] = (float)i - 4.0f;
#endif
  }
  stays[0] = 0.5f;
  printf("%g %g %g %g\n", K[3], M[1][2], act[5], stays[0]);
  return 0;
}
