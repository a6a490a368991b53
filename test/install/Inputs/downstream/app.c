/* Uses affq's annotations and runtime API from an installed tree. */
#include <affq.h>
#include <stdio.h>

AFFQ_RANGE(-1.0f, 1.0f) static float w[8];

int main(void) {
  for (int i = 0; i < 8; i++)
    w[i] = (float)i / 8.0f;
  affq_qparams p;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  printf("w[3] = %g, s = %g, runtime %s\n", w[3], p.scale, AFFQ_VERSION_STRING);
  return 0;
}
