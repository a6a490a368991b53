/*
 * metrics.c - how far dequantized values are from the originals.
 *
 * Sums are kept in double: with float sums, the MAE of a million values
 * would carry more rounding error than the quantization error it measures.
 * They are taken in the kernels' lane order (kernels.h), so the two-array
 * form here and the fused affq_quant_error_stats agree bit for bit.
 */
#include "kernels.h"

#include <math.h>
#include <string.h>

double affq_abs_error(float x, float xq) { return fabs((double)xq - (double)x); }

double affq_abs_pct_error(float x, float xq) {
  if (x == 0.0f)
    return 0.0;
  return 100.0 * affq_abs_error(x, xq) / fabs((double)x);
}

void affq_stats_finish(affq_stats_lanes *acc, affq_error_stats *out) {
  double sum_abs = affq_lanes_reduce_f64(acc->sum_abs);
  double sum_sq = affq_lanes_reduce_f64(acc->sum_sq);
  double sum_signal = affq_lanes_reduce_f64(acc->sum_signal);
  out->n = acc->n;
  out->max_abs = affq_canonical_f64(acc->max_abs);
  out->mae = affq_canonical_f64(acc->n ? sum_abs / (double)acc->n : 0.0);
  out->rmse = affq_canonical_f64(acc->n ? sqrt(sum_sq / (double)acc->n) : 0.0);
  out->sqnr_db = affq_canonical_f64(sum_sq > 0.0 ? 10.0 * log10(sum_signal / sum_sq) : INFINITY);
}

int affq_error_stats_f32(const float *x, const float *xq, size_t n, affq_error_stats *out) {
  if (!out || (n && (!x || !xq)))
    return AFFQ_ENULL;
  affq_stats_lanes acc;
  memset(&acc, 0, sizeof acc);
  for (size_t i = 0; i < n; i++) {
    if (isnan(x[i]) || isnan(xq[i]))
      continue;
    double e = affq_abs_error(x[i], xq[i]);
    acc.sum_abs[i % AFFQ_LANES] += e;
    acc.sum_sq[i % AFFQ_LANES] += e * e;
    acc.sum_signal[i % AFFQ_LANES] += (double)x[i] * (double)x[i];
    acc.max_abs = e > acc.max_abs ? e : acc.max_abs;
    acc.n++;
  }
  affq_stats_finish(&acc, out);
  return AFFQ_OK;
}
