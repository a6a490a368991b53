/* Three arrays written at run time, for merging many profiles: each run
 * (a "test shard") writes values that depend on its argument. */
#include "affq.h"

#include <stdlib.h>

AFFQ float a[64];
AFFQ float b[16];
AFFQ float c[4];

int main(int argc, char **argv) {
  int k = argc > 1 ? atoi(argv[1]) : 0;
  for (int i = 0; i < 64; i++)
    a[i] = (float)((i * 7 + k) % 97) - 40.0f;
  for (int i = 0; i < 16; i++)
    b[i] = (float)(k % 13) * 0.25f + (float)i;
  for (int i = 0; i < 4; i++)
    c[i] = -(float)k;
  return (int)(a[3] + b[2] + c[1]) & 1;
}
