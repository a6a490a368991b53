/* A program with one array written at run time, for the ccache test: its
 * range comes from a calibration profile. */
#include "affq.h"
#include <stdio.h>
AFFQ float act[8];
int main(void) { for (int i = 0; i < 8; i++) act[i] = (float)i * 0.7f; printf("%g\n", act[5]); return 0; }
