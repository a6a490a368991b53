// A constant global array, 1-D, 2-D and partially initialized, read with
// constant and variable indices: every -O level prints the values the
// runtime's scalar functions give (quantize then dequantize with the
// parameters of the initializer's min and max), bit for bit.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: W: 0x1.a80e74p-4 -0x1.730ca6p-1
#include "Inputs/reference.h"

AFFQ static CONST float W[6] = {0.1f, -0.73f, 2.5f, 1.0f / 3, -1.9f, 0.0f};
REF_PARAMS(W);
AFFQ static CONST float M[3][4] = {{1.5f, -2, 0.25f, 7}, {3, 3.1f, -0.01f, 0}, {-4, 4, 2.2f, 9.9f}};
REF_PARAMS(M);
/* partially initialized: clang gives it a struct type { 3 floats, [37 x float] } */
AFFQ static CONST float part[40] = {1.5f, -0.5f, 2.25f};
REF_PARAMS(part);

int main(int argc, char **argv) {
  (void)argv;
  REF_INIT(W, 8, 1, AFFQ_AFFINE);
  REF_INIT(M, 8, 1, AFFQ_AFFINE);
  REF_INIT(part, 8, 1, AFFQ_AFFINE);
  float out[12];
  for (int i = 0; i < 6; i++)
    out[i] = W[i];
  print_floats("W", out, 6);
  printf("W[2] %a W[argc] %a\n", W[2], W[argc]);
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 4; c++)
      out[r * 4 + c] = M[r][c];
  print_floats("M", out, 12);
  printf("M[1][2] %a M[argc][argc + 1] %a\n", M[1][2], M[argc][argc + 1]);
  printf("part %a %a %a %a\n", part[0], part[1], part[2], part[39]);
  return 0;
}
