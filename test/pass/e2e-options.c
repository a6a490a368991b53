// Per-array options: bits=4 symmetric, unsigned affine, 2-bit, and per-row
// parameters of a 2-D constant array (one (s, z) per row, read with variable
// row and column indices), global and local.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: sym4:
// CHECK: per_row:
#include "Inputs/reference.h"

AFFQ_OPTS("bits=4,symmetric") static CONST float sym4[6] = {0.9f, -0.3f, 0.05f, -1.1f, 0.6f, 0.2f};
REF_PARAMS(sym4);
AFFQ_RANGE_OPTS(-0.5f, 6.0f, "unsigned") static float u8[5];
REF_PARAMS(u8);
AFFQ_OPTS("bits=2") static CONST float two[4] = {-1, -0.4f, 0.3f, 1};
REF_PARAMS(two);
AFFQ_OPTS("per_row,symmetric") static CONST float pr[3][4] = {
    {0.01f, -0.02f, 0.03f, 0.005f}, {10, -20, 5, 1}, {-0.5f, 0.5f, 0.25f, -0.125f}};
#ifdef AFFQ_REFERENCE
static affq_qparams ref_pr[3], ref_local_pr[2];
#endif

int main(int argc, char **argv) {
  (void)argv;
  REF_INIT(sym4, 4, 1, AFFQ_SYMMETRIC);
  REF_RANGE(u8, -0.5f, 6.0f, 8, 0, AFFQ_AFFINE);
  REF_INIT(two, 2, 1, AFFQ_AFFINE);
#ifdef AFFQ_REFERENCE
  for (int r = 0; r < 3; r++)
    ref_init(pr[r], 4, 8, 1, AFFQ_SYMMETRIC, &ref_pr[r]);
#endif
  /* a local per-row array: its initializer is quantized row by row at compile time */
  AFFQ_OPTS("per_row") float local_pr[2][3] = {{0.5f, -0.25f, 0.125f}, {100, -300, 7}};
#ifdef AFFQ_REFERENCE
  for (int r = 0; r < 2; r++)
    ref_init(local_pr[r], 3, 8, 1, AFFQ_AFFINE, &ref_local_pr[r]);
#endif
  float out[12];
  for (int i = 0; i < 6; i++)
    out[i] = sym4[i];
  print_floats("sym4", out, 6);
  for (int i = 0; i < 5; i++)
    PUT(u8, u8[i], (float)i * 1.7f - 0.9f);
  for (int i = 0; i < 5; i++)
    out[i] = u8[i];
  print_floats("u8", out, 5);
  for (int i = 0; i < 4; i++)
    out[i] = two[i];
  print_floats("two", out, 4);
  for (int r = 0; r < 3; r++)
    for (int c = 0; c < 4; c++)
      out[r * 4 + c] = pr[(r + argc - 1) % 3][c];
  print_floats("per_row", out, 12);
  for (int i = 0; i < 6; i++)
    out[i] = local_pr[i / 3][i % 3];
  print_floats("local per_row", out, 6);
  return 0;
}
