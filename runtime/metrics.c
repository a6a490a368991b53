/*
 * metrics.c - how far dequantized values are from the originals.
 *
 * Sums are kept in double: with float sums, the MAE of a million values
 * would carry more rounding error than the quantization error it measures.
 */
#include "affq.h"

#include <math.h>

double affq_abs_error(float x, float xq) { return fabs((double)xq - (double)x); }

double affq_abs_pct_error(float x, float xq) {
  if (x == 0.0f)
    return 0.0;
  return 100.0 * affq_abs_error(x, xq) / fabs((double)x);
}

int affq_error_stats_f32(const float *x, const float *xq, size_t n, affq_error_stats *out) {
  if (!out || (n && (!x || !xq)))
    return AFFQ_ENULL;
  double max_abs = 0.0, sum_abs = 0.0, sum_sq = 0.0, sum_signal = 0.0;
  size_t used = 0;
  for (size_t i = 0; i < n; i++) {
    if (isnan(x[i]) || isnan(xq[i]))
      continue;
    double e = affq_abs_error(x[i], xq[i]);
    max_abs = e > max_abs ? e : max_abs;
    sum_abs += e;
    sum_sq += e * e;
    sum_signal += (double)x[i] * (double)x[i];
    used++;
  }
  out->n = used;
  out->max_abs = max_abs;
  out->mae = used ? sum_abs / (double)used : 0.0;
  out->rmse = used ? sqrt(sum_sq / (double)used) : 0.0;
  out->sqnr_db = sum_sq > 0.0 ? 10.0 * log10(sum_signal / sum_sq) : INFINITY;
  return AFFQ_OK;
}
