/*
 * hello.c - the smallest affq program.  Two float arrays are marked:
 *   weights     constant: quantized at compile time, its float data gone;
 *   activations written at run time in [-4, 4]: stores quantize, loads
 *               dequantize.
 * Built with the plugin, they are stored as INT8; built without it, the same
 * source runs in float.  scripts/demo.sh builds and runs both.
 */
#include "affq.h"

#include <math.h>
#include <stdio.h>

enum { N = 16 };

AFFQ static const float weights[N] = {0.12f,  -0.53f, 0.91f, 0.05f, -0.77f, 0.33f,
                                      0.48f,  -0.11f, 0.64f, -0.95f, 0.27f, 0.02f,
                                      -0.36f, 0.81f,  -0.2f, 0.59f};
AFFQ_RANGE(-4.0f, 4.0f) static float activations[N];

int main(void) {
  for (int i = 0; i < N; i++)
    activations[i] = 3.5f * sinf(0.7f * (float)i);
  float dot = 0;
  for (int i = 0; i < N; i++)
    dot += weights[i] * activations[i];
  printf("dot product = %.6f\n", dot);
  printf("weights[3] reads back as %.6f, activations[5] as %.6f\n", weights[3], activations[5]);
  return 0;
}
