/* For report-dir.test: one of two util.c, in another directory than the
 * other; one constant (32 -> 8 bytes). */
#include "affq.h"

AFFQ static const float A[8] = {-1.5f, -0.5f, 0.0f, 0.25f, 0.5f, 1.0f, 2.0f, 3.0f};

float a_at(int i) { return A[i & 7]; }
