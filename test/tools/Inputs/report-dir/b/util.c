/* For report-dir.test: the other util.c; a constant and an array written at
 * run time (64 + 16 -> 16 + 4 bytes). */
#include "affq.h"

AFFQ static const float B[16] = {1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, -5, -6, -7, -8};
AFFQ_RANGE(-1.0f, 1.0f) float Bact[4];

float b_at(int i) {
  Bact[i & 3] = B[i & 15] / 8.0f;
  return Bact[(i + 1) & 3];
}
