/* The definitions (this file includes the header too: its AFFQ_EXTERN
 * markers are dropped here, where W and D are defined). */
#include "table.h"
#ifndef W_OPTS
#define W_OPTS "signed"
#endif
AFFQ_RANGE_OPTS(-1.0f, 1.0f, W_OPTS) float W[40];
AFFQ_RANGE(-4.0, 4.0) double D[12];
void define_fill(void) {
  for (int i = 0; i < 40; i++)
    W[i] = (float)(i - 20) / 21.0f;
  for (int i = 0; i < 12; i++)
    D[i] = (i - 6) / 1.7;
}
float define_get(int i) { return W[i]; }
double define_get_d(int i) { return D[i]; }
