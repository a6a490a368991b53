// Error metrics on a hand-checkable example:
//   x  = [1, -2, 0, 4],  x' = [1.5, -2, 0.5, 3]
//   |x'-x| = [0.5, 0, 0.5, 1]   APE = [50, 0, 0 (x == 0), 25]
//   max 1, MAE 0.5, RMSE sqrt(1.5/4) = 0.612372, SQNR 10 log10(21/1.5) = 11.4613 dB
// NaN pairs are skipped; equal arrays have infinite SQNR.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s --match-full-lines
#include "affq.h"

#include <math.h>
#include <stdio.h>

int main(void) {
  const float x[] = {1, -2, 0, 4, NAN}, xq[] = {1.5f, -2, 0.5f, 3, 7};
  for (int i = 0; i < 4; i++)
    printf("abs %g ape %g\n", affq_abs_error(x[i], xq[i]), affq_abs_pct_error(x[i], xq[i]));
  // CHECK: abs 0.5 ape 50
  // CHECK-NEXT: abs 0 ape 0
  // CHECK-NEXT: abs 0.5 ape 0
  // CHECK-NEXT: abs 1 ape 25
  affq_error_stats st;
  affq_error_stats_f32(x, xq, 5, &st);
  printf("n %zu max %g mae %g rmse %g sqnr %.4f\n", st.n, st.max_abs, st.mae, st.rmse, st.sqnr_db);
  // CHECK-NEXT: n 4 max 1 mae 0.5 rmse 0.612372 sqnr 11.4613
  affq_error_stats_f32(x, x, 4, &st);
  printf("exact: max %g sqnr %g\n", st.max_abs, st.sqnr_db);
  // CHECK-NEXT: exact: max 0 sqnr inf
  printf("null: %d\n", affq_error_stats_f32(NULL, xq, 4, &st));
  // CHECK-NEXT: null: -1
  return 0;
}
