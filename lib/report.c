/*
 * report.c - the quantization report of one module, as JSON (affq<report=
 * FILE>, AFFQ_REPORT=FILE, affq-cc -faffq-report=FILE); tools/affq-report
 * renders it as a text table, merged JSON or an HTML page.
 *
 * For each quantized array: where it is, its shape and kind, the codes and
 * (s, z), bytes before and after, where its range came from, and the values'
 * histogram with, for constants, the error statistics and the error's
 * histogram, all computed here at compile time.  A calibrated array's
 * histogram comes from its profile.  Arrays that stay float are listed with
 * the reason.
 */
#include "affq_internal.h"
#include "qmath.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HIST_BINS = 48, ERROR_BINS = 40 };

static void put(affq_json *j, const char *fmt, ...) {
  va_list ap;
  for (;;) {
    va_start(ap, fmt);
    int n = vsnprintf(j->text + j->len, j->cap - j->len, fmt, ap);
    va_end(ap);
    if (n >= 0 && j->len + (size_t)n < j->cap) {
      j->len += (size_t)n;
      return;
    }
    j->cap = j->cap ? 2 * j->cap + (size_t)n : 4096 + (size_t)n;
    j->text = realloc(j->text, j->cap);
    if (!j->text)
      abort();
  }
}

static void put_string(affq_json *j, const char *s) {
  put(j, "\"");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      put(j, "\\%c", c);
    else if (c < 0x20)
      put(j, "\\u%04x", c);
    else
      put(j, "%c", c);
  }
  put(j, "\"");
}

static void put_number(affq_json *j, double v) {
  if (isfinite(v))
    put(j, "%.9g", v);
  else
    put(j, "null");
}

/* "edges": n + 1 numbers, "counts": n */
static void put_histogram(affq_json *j, const char *key, double lo, double hi, const double *counts,
                          int n) {
  put(j, ", \"%s\": {\"edges\": [", key);
  for (int i = 0; i <= n; i++) {
    put(j, i ? ", " : "");
    put_number(j, lo + (hi - lo) * i / n);
  }
  put(j, "], \"counts\": [");
  for (int i = 0; i < n; i++)
    put(j, "%s%.0f", i ? ", " : "", counts[i]);
  put(j, "]}");
}

static void put_location(affq_json *j, const affq_array *a) {
  put(j, "{\"name\": ");
  put_string(j, a->name);
  put(j, ", \"file\": ");
  put_string(j, a->file);
  put(j, ", \"line\": %u", a->line);
}

/* The histogram of a calibration profile's values, over [min, max] in n
 * linear bins (each profile bin spread over the bins it overlaps). */
static void profile_histogram(const affq_profile_entry *e, double *counts, int n) {
  double lo = e->min, hi = e->max, w = (hi - lo) / n;
  memset(counts, 0, (size_t)n * sizeof *counts);
  for (int b = 0; b < AFFQ_PROFILE_BINS; b++) {
    if (!e->hist[b])
      continue;
    double a, z;
    affq_profile_bin_bounds(b, &a, &z);
    affq_profile_spread(fmax(a, lo), fmin(z, hi), (double)e->hist[b], lo, w, n, counts);
  }
}

/* A constant's values and their errors, computed now over its initializer. */
static void put_constant_errors(affq_json *j, const affq_array *a) {
  double counts[HIST_BINS];
  double lo = INFINITY, hi = -INFINITY, smax = 0;
  for (size_t i = 0; i < a->count; i++)
    if (isfinite(a->init[i]))
      lo = fmin(lo, a->init[i]), hi = fmax(hi, a->init[i]);
  for (size_t r = 0; r < a->n_params; r++)
    smax = fmax(smax, a->params[r].scale);
  double err_counts[ERROR_BINS] = {0}, sum_abs = 0, sum_sq = 0, sum_x2 = 0, max_abs = 0;
  size_t n = 0;
  memset(counts, 0, sizeof counts);
  double elo = -smax / 2 * 1.001, ehi = smax / 2 * 1.001;
  for (size_t i = 0; i < a->count; i++) {
    float x = a->init[i];
    if (!isfinite(x))
      continue;
    const affq_qparams *q = &a->params[a->options.per_row ? i / a->cols : 0];
    float xd = affq_qmath_dequantize(affq_qmath_quantize(x, q->scale, q->zero_point, q->qmin,
                                                         q->qmax),
                                     q->scale, q->zero_point);
    double e = (double)xd - x;
    int k = hi > lo ? (int)((x - lo) / (hi - lo) * HIST_BINS) : 0;
    counts[k >= HIST_BINS ? HIST_BINS - 1 : k] += 1;
    int ek = (int)((e - elo) / (ehi - elo) * ERROR_BINS);
    err_counts[ek < 0 ? 0 : ek >= ERROR_BINS ? ERROR_BINS - 1 : ek] += 1;
    sum_abs += fabs(e), sum_sq += e * e, sum_x2 += (double)x * x, n++;
    max_abs = fmax(max_abs, fabs(e));
  }
  put(j, ", \"error\": {\"n\": %zu, \"max_abs\": ", n);
  put_number(j, max_abs);
  put(j, ", \"mae\": ");
  put_number(j, n ? sum_abs / n : 0);
  put(j, ", \"rmse\": ");
  put_number(j, n ? sqrt(sum_sq / n) : 0);
  put(j, ", \"sqnr_db\": ");
  put_number(j, sum_sq > 0 ? 10 * log10(sum_x2 / sum_sq) : INFINITY);
  put(j, "}");
  put_histogram(j, "values", lo, hi, counts, HIST_BINS);
  put_histogram(j, "errors", elo, ehi, err_counts, ERROR_BINS);
}

/* A run-time array's values and errors as the profile's run saw them (the
 * errors estimated from the histogram, "estimated": true). */
static void put_profile_errors(affq_json *j, const affq_array *a) {
  const affq_qparams *p = &a->params[0];
  double counts[HIST_BINS];
  const affq_profile_entry *e = a->calibrated;
  double n = (double)(e->count - e->nan - e->inf), signal = 0;
  for (int b = 0; b < AFFQ_PROFILE_BINS; b++)
    if (e->hist[b]) {
      double lo, hi;
      affq_profile_bin_bounds(b, &lo, &hi);
      double c = fmin(fmax((lo + hi) / 2, e->min), e->max);
      signal += (double)e->hist[b] * c * c;
    }
  double sq = affq_profile_expected_sq_error(e, a->lo, a->hi, a->options.bits, p->qmin < 0,
                                             a->options.scheme);
  double clo = (double)(p->qmin - p->zero_point) * p->scale,
         chi = (double)(p->qmax - p->zero_point) * p->scale;
  double worst = fmax(p->scale / 2, fmax(clo - e->min, e->max - chi));
  put(j, ", \"error\": {\"estimated\": true, \"n\": %.0f, \"max_abs\": ", n);
  put_number(j, worst);
  put(j, ", \"rmse\": ");
  put_number(j, sqrt(sq / n));
  put(j, ", \"sqnr_db\": ");
  put_number(j, sq > 0 ? 10 * log10(signal / sq) : INFINITY);
  put(j, "}");
  profile_histogram(e, counts, HIST_BINS);
  put_histogram(j, "values", e->min, e->max, counts, HIST_BINS);
}

void affq_report_quantized(affq_report_data *r, const affq_array *a) {
  affq_json *j = &r->arrays;
  const affq_qparams *p = &a->params[0];
  put(j, r->n_arrays++ ? ",\n    " : "\n    ");
  put_location(j, a);
  put(j, ", \"shape\": ");
  char shape[64];
  if (affq_storage_sized_at_run_time(a))
    snprintf(shape, sizeof shape, "heap");
  else if (a->rows)
    snprintf(shape, sizeof shape, "%zux%zu", a->rows, a->cols);
  else
    snprintf(shape, sizeof shape, "%zu", a->count);
  put_string(j, shape);
  const char *kind = affq_storage_report_kind(a);
  put(j, ", \"kind\": \"%s\", \"bits\": %d, \"signed\": %s, \"scheme\": \"%s\", \"per_row\": %s",
      kind, a->options.bits, p->qmin < 0 ? "true" : "false",
      a->options.scheme == AFFQ_SYMMETRIC ? "symmetric" : "affine",
      a->options.per_row ? "true" : "false");
  put(j, ", \"scale\": ");
  put_number(j, p->scale);
  put(j, ", \"zero_point\": %d, \"qmin\": %d, \"qmax\": %d", p->zero_point, p->qmin, p->qmax);
  if (affq_storage_sized_at_run_time(a))
    put(j, ", \"bytes_before\": null, \"bytes_after\": null");
  else
    put(j, ", \"bytes_before\": %zu, \"bytes_after\": %zu", a->count * 4,
        a->count + (a->options.per_row ? a->rows * 8 : 0));
  put(j, ", \"range_from\": \"%s\"",
      a->calibrated ? "profile" : a->has_range ? "annotation" : "initializer");

  if (a->init && a->init_nonzero)
    put_constant_errors(j, a);
  else if (a->calibrated && a->calibrated->count > a->calibrated->nan + a->calibrated->inf)
    put_profile_errors(j, a);
  put(j, "}");
}

void affq_report_stays_float(affq_report_data *r, const affq_array *a, const char *why) {
  affq_json *j = &r->floats;
  put(j, r->n_floats++ ? ",\n    " : "\n    ");
  put_location(j, a);
  put(j, ", \"why\": ");
  put_string(j, why);
  put(j, "}");
}

int affq_report_write(const affq_report_data *r, LLVMModuleRef M, const char *path, char *err,
                      size_t size) {
  size_t len;
  const char *src = LLVMGetSourceFileName(M, &len);
  char module[512];
  snprintf(module, sizeof module, "%.*s", (int)len, src ? src : "");
  affq_json out = {0};
  put(&out, "{\"schema\": \"affq-report\", \"version\": 1, \"module\": ");
  put_string(&out, module);
  put(&out, ",\n  \"quantized\": [%s%s],\n  \"stays_float\": [",
      r->arrays.text ? r->arrays.text : "", r->n_arrays ? "\n  " : "");
  put(&out, "%s%s]}\n", r->floats.text ? r->floats.text : "", r->n_floats ? "\n  " : "");
  FILE *f = fopen(path, "w");
  int bad = !f || fputs(out.text, f) < 0;
  if (f && fclose(f))
    bad = 1;
  free(out.text);
  if (bad)
    snprintf(err, size, "cannot write the report '%s'", path);
  return bad ? -1 : 0;
}

void affq_report_free(affq_report_data *r) {
  free(r->arrays.text);
  free(r->floats.text);
  memset(r, 0, sizeof *r);
}
