/*
 * hello.c - the smallest affq program: a float weight vector stored as INT8
 * through the runtime API, and a dot product computed from it, compared with
 * the float result.  scripts/demo.sh compiles it with the affq pass plugin.
 */
#include "affq.h"

#include <math.h>
#include <stdio.h>

enum { N = 16 };

int main(void) {
  float w[N], x[N], wq_dequant[N];
  int8_t wq[N];
  for (int i = 0; i < N; i++) {
    w[i] = sinf(0.7f * (float)i) * 0.5f; /* weights in [-0.5, 0.5] */
    x[i] = (float)(i % 5) - 2.0f;
  }
  affq_qparams p;
  float lo = w[0], hi = w[0];
  for (int i = 1; i < N; i++)
    lo = fminf(lo, w[i]), hi = fmaxf(hi, w[i]);
  if (affq_choose_qparams(lo, hi, 8, 1, AFFQ_AFFINE, &p) || affq_quantize(w, wq, N, &p) ||
      affq_dequantize(wq, wq_dequant, N, &p))
    return 1;

  float dot = 0, dot_q = 0;
  for (int i = 0; i < N; i++) {
    dot += w[i] * x[i];
    dot_q += wq_dequant[i] * x[i];
  }
  affq_error_stats st;
  affq_error_stats_f32(w, wq_dequant, N, &st);
  printf("weights: %d floats (%zu bytes) -> int8 (%zu bytes), s = %.6g, z = %d\n", N, sizeof w,
         sizeof wq, p.scale, p.zero_point);
  printf("weight error: max %.3g (s/2 = %.3g), SQNR %.1f dB\n", st.max_abs, p.scale / 2,
         st.sqnr_db);
  printf("dot product: float %.6f, int8 weights %.6f, difference %.3g\n", dot, dot_q,
         fabsf(dot - dot_q));
  return 0;
}
