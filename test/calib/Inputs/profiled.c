/* A program with one array written at run time, for the profile format
 * tests; -DLEN changes its shape. */
#include "affq.h"
#ifndef LEN
#define LEN 16
#endif
AFFQ float act[LEN];
int main(int argc, char **argv) {
  (void)argv;
  for (int i = 0; i < LEN; i++)
    act[i] = (float)(i * argc) - 3.0f;
  return (int)act[LEN - 1] & 1;
}
