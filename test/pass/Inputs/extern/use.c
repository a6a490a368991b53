/* Another file: reads and writes W and D through AFFQ_EXTERN, and checks
 * every value against the runtime's scalar functions with the parameters
 * define.c must have chosen. */
#include "table.h"

#include <stdio.h>

int main(void) {
  affq_qparams p, pd;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  affq_choose_qparams(-4.0f, 4.0f, 8, 1, AFFQ_AFFINE, &pd);
  define_fill();
  W[7] = 0.3f;  /* written here, read there */
  D[2] = 2.9;
  int same = 0, total = 0;
  for (int i = 0; i < 40; i++) {
    float x = i == 7 ? 0.3f : (float)(i - 20) / 21.0f;
    float want = affq_dequantize_value(affq_quantize_value(x, &p), &p);
    same += W[i] == want && define_get(i) == want;
    total++;
  }
  for (int i = 0; i < 12; i++) {
    double x = i == 2 ? 2.9 : (i - 6) / 1.7;
    double want = affq_dequantize_value_f64(affq_quantize_value_f64(x, &pd), &pd);
    same += D[i] == want && define_get_d(i) == want;
    total++;
  }
  printf("extern: %d of %d equal\n", same, total);
  return 0;
}
