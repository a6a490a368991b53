// The double API against golden/f64.txt: values that gen_f64.py computed
// from affq's definitions with Python's own doubles and exact integers (no
// shared code; numpy float64 agreed on the codes), bit for bit, on every
// kernel path this machine has:
//   q      affq_quantize_value_f64 / affq_dequantize_value_f64, and the
//          array functions on each parameter set's values at once (so the
//          vector blocks run, not only the tails): random x, ties (k + .5) s
//          and their ulp neighbours, ties where x * (1/s) rounds the other
//          way, clamp edges, NaN, +-Inf, +-0, huge, subnormal; bits 2..8,
//          signed/unsigned, affine/symmetric;
//   dot    affq_dot_q8f64: lengths 0..1007, x of magnitudes 1e-8..1e8 (the
//          order of the sum shows), uniform, and with NaN/Inf;
//   gemv   affq_gemv_q8f64 per tensor and per row;
//   range  affq_minmax_f64 then the outward float bounds (qmath.h), and
//          affq_choose_qparams_f64 (and _rows) = affq_choose_qparams on
//          those bounds, every bits/signedness/scheme.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t %S/golden/f64.txt | FileCheck %s
// CHECK: path {{[a-z0-9]+}}: 5421 codes, 60 dots, 24 gemvs, 37 ranges: 0 mismatches
// CHECK-NOT: mismatches [1-9]
// CHECK: golden f64: ok
//
// A wrong value in the file must be caught: the first code (seen by the value
// function and by the array call), and the four 1007-element dots.
// RUN: sed '3s/^\(q [^ ]* -2 -2 1 nan\) -2 /\1 -1 /' %S/golden/f64.txt > %t.bad
// RUN: not %t %t.bad | FileCheck --check-prefix=BAD %s
// RUN: sed '/^dot .* 1007 /s/ [^ ]*$/ 0x1p+0/' %S/golden/f64.txt > %t.bad2
// RUN: not %t %t.bad2 | FileCheck --check-prefix=BAD2 %s
// BAD: 5421 codes, 60 dots, 24 gemvs, 37 ranges: 2 mismatches
// BAD2: 5421 codes, 60 dots, 24 gemvs, 37 ranges: 4 mismatches
#include "affq.h"
#include "qmath.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *f;
static long bad;

static int word(char *buf) { return fscanf(f, "%127s", buf) == 1; }
static double num(void) {
  char b[128];
  if (!word(b))
    fprintf(stderr, "truncated golden file\n"), exit(2);
  return strtod(b, NULL);
}
static long integer(void) { return lround(num()); }
static float num_f32(void) {
  char b[128];
  if (!word(b))
    fprintf(stderr, "truncated golden file\n"), exit(2);
  return strtof(b, NULL);
}

/* Bits equal; NaN expected: the one quiet NaN, as every path gives. */
static int same(double got, double want) {
  if (want != want)
    want = __builtin_nan("");
  return !memcmp(&got, &want, sizeof got);
}

static void miss(const char *what, long i, double got, double want) {
  if (bad++ < 10)
    printf("mismatch: %s %ld: got %.17g, want %.17g\n", what, i, got, want);
}

static affq_qparams read_params(void) {
  affq_qparams p;
  p.scale = num_f32();
  p.zero_point = (int32_t)integer();
  p.qmin = (int32_t)integer();
  p.qmax = (int32_t)integer();
  return p;
}

/* codes as int8 or uint8, as the parameters say */
static void read_codes(uint8_t *c, size_t n, int is_signed) {
  for (size_t i = 0; i < n; i++) {
    long v = integer();
    c[i] = is_signed ? (uint8_t)(int8_t)v : (uint8_t)v;
  }
}

/* q lines of one parameter set, gathered for the array calls */
enum { GROUP = 256 };
static affq_qparams g_p;
static size_t g_n;
static double g_x[GROUP], g_xd[GROUP];
static int32_t g_q[GROUP];
static long n_codes;

static void flush_group(void) {
  uint8_t q[GROUP];
  double xd[GROUP];
  if (!g_n)
    return;
  if (affq_quantize_f64(g_x, q, g_n, &g_p) || affq_dequantize_f64(q, xd, g_n, &g_p))
    printf("array call failed\n"), exit(2);
  for (size_t i = 0; i < g_n; i++) {
    int32_t qa = g_p.qmin < 0 ? (int8_t)q[i] : q[i];
    if (qa != g_q[i])
      miss("quantize_f64 (array)", (long)i, qa, g_q[i]);
    else if (!same(xd[i], g_xd[i]))
      miss("dequantize_f64 (array)", (long)i, xd[i], g_xd[i]);
  }
  g_n = 0;
}

static void q_line(void) {
  affq_qparams p = read_params();
  double x = num();
  int32_t want_q = (int32_t)integer();
  double want_xd = num();
  if (g_n == GROUP || memcmp(&p, &g_p, sizeof p))
    flush_group();
  g_p = p;
  g_x[g_n] = x, g_q[g_n] = want_q, g_xd[g_n] = want_xd, g_n++;
  int32_t q = affq_quantize_value_f64(x, &p);
  double xd = affq_dequantize_value_f64(want_q, &p);
  n_codes++;
  if (q != want_q)
    miss("quantize_value_f64", n_codes, q, want_q);
  else if (!same(xd, want_xd))
    miss("dequantize_value_f64", n_codes, xd, want_xd);
}

static long n_dots;
static void dot_line(void) {
  affq_qparams p = read_params();
  size_t n = (size_t)integer();
  uint8_t *c = malloc(n + 1);
  double *x = malloc((n + 1) * sizeof *x), got;
  read_codes(c, n, p.qmin < 0);
  for (size_t i = 0; i < n; i++)
    x[i] = num();
  double want = num();
  n_dots++;
  if (affq_dot_q8f64(c, &p, x, n, &got))
    printf("dot call failed\n"), exit(2);
  if (!same(got, want))
    miss("dot_q8f64", n_dots, got, want);
  free(c), free(x);
}

static long n_gemvs;
static void gemv_line(void) {
  int per_row = (int)integer();
  size_t rows = (size_t)integer(), cols = (size_t)integer();
  affq_qparams p[64];
  for (size_t r = 0; r < (per_row ? rows : 1); r++)
    p[r] = read_params();
  uint8_t *w = malloc(rows * cols + 1);
  double *x = malloc((cols + 1) * sizeof *x), *y = malloc(rows * sizeof *y);
  read_codes(w, rows * cols, p[0].qmin < 0);
  for (size_t i = 0; i < cols; i++)
    x[i] = num();
  n_gemvs++;
  if (affq_gemv_q8f64(w, p, per_row, rows, cols, x, y, 0))
    printf("gemv call failed\n"), exit(2);
  for (size_t r = 0; r < rows; r++) {
    double want = num();
    if (!same(y[r], want))
      miss("gemv_q8f64", n_gemvs, y[r], want);
  }
  free(w), free(x), free(y);
}

static long n_ranges;
static void range_line(void) {
  size_t n = (size_t)integer();
  double *x = malloc((n + 1) * sizeof *x);
  for (size_t i = 0; i < n; i++)
    x[i] = num();
  char slo[128], shi[128];
  if (!word(slo) || !word(shi))
    fprintf(stderr, "truncated golden file\n"), exit(2);
  int empty = !strcmp(slo, "empty");
  float lo = empty ? 0 : strtof(slo, NULL), hi = empty ? 0 : strtof(shi, NULL);
  n_ranges++;
  double mn, mx;
  int err = affq_minmax_f64(x, n, &mn, &mx);
  if (empty != (err == AFFQ_EEMPTY))
    miss("minmax_f64 status", n_ranges, err, empty);
  if (!err) { /* the bounds rounded outward, where they are numbers */
    float dlo = isinf(mn) ? (float)mn : affq_qmath_f32_down(mn);
    float uhi = isinf(mx) ? (float)mx : affq_qmath_f32_up(mx);
    if (!same(dlo, lo) || !same(uhi, hi))
      miss("outward bounds", n_ranges, dlo, lo);
  }
  for (int bits = 2; bits <= 8; bits++)
    for (int sg = 0; sg < 2; sg++)
      for (int sch = 0; sch < 2; sch++) {
        affq_qparams got = {0}, want = {0}, row = {0};
        int e1 = affq_choose_qparams_f64(x, n, bits, sg, (affq_scheme)sch, &got);
        int e2 = empty ? AFFQ_EEMPTY : affq_choose_qparams(lo, hi, bits, sg, (affq_scheme)sch, &want);
        int e3 = affq_choose_qparams_rows_f64(x, 1, n, bits, sg, (affq_scheme)sch, &row);
        if (e1 != e2 || e3 != e2 || memcmp(&got, &want, sizeof got) || memcmp(&row, &want, sizeof row))
          miss("choose_qparams_f64", n_ranges, got.scale, want.scale);
      }
  free(x);
}

int main(int argc, char **argv) {
  char name[32], w[128];
  int all_ok = 1;
  for (const char *s = affq_isa_names(); sscanf(s, " %31s", name) == 1;
       s = strstr(s, name) + strlen(name)) {
    if (!affq_isa_supported(name) || affq_isa_select(name))
      continue;
    f = fopen(argc > 1 ? argv[1] : "", "r");
    if (!f)
      return perror("golden file"), 2;
    bad = n_codes = n_dots = n_gemvs = n_ranges = 0;
    g_n = 0;
    while (word(w)) {
      if (w[0] == '#') {
        int ch;
        while ((ch = fgetc(f)) != '\n' && ch != EOF)
          ;
      } else if (!strcmp(w, "q"))
        q_line();
      else if (!strcmp(w, "dot"))
        flush_group(), dot_line();
      else if (!strcmp(w, "gemv"))
        flush_group(), gemv_line();
      else if (!strcmp(w, "range"))
        flush_group(), range_line();
      else
        return fprintf(stderr, "unknown line: %s\n", w), 2;
    }
    flush_group();
    fclose(f);
    printf("path %s: %ld codes, %ld dots, %ld gemvs, %ld ranges: %ld mismatches\n", name, n_codes,
           n_dots, n_gemvs, n_ranges, bad);
    all_ok &= bad == 0;
  }
  if (all_ok)
    printf("golden f64: ok\n");
  return !all_ok;
}
