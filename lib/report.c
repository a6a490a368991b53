/*
 * report.c - the quantization report of one module, as JSON (affq<report=
 * FILE>, AFFQ_REPORT=FILE, affq-cc -faffq-report=FILE; or a directory,
 * DIR/, for one report per translation unit: report_file.c);
 * tools/affq-report renders them as a text table, merged JSON or an HTML
 * page.
 *
 * For each quantized array: where it is, its shape and kind, the codes and
 * (s, z), bytes before and after, where its range came from, and the values'
 * histogram with, for constants, the error statistics and the error's
 * histogram, all computed here at compile time.  A calibrated array's
 * histogram comes from its profile.  Arrays that stay float are listed with
 * the reason, and every decision about a marked loop with what the loop
 * became (a kernel call, inline, element-wise, or the mark ignored) and why.
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
    double x = a->init[i];
    if (!isfinite(x))
      continue;
    const affq_qparams *q = &a->params[a->options.per_row ? i / a->cols : 0];
    double e = affq_roundtrip(a, q, x) - x;
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
    put(j, ", \"bytes_before\": %zu, \"bytes_after\": %zu", a->count * a->esize,
        a->count + (a->options.per_row ? a->rows * 8 : 0));
  put(j, ", \"element\": \"%s\"", a->esize == 8 ? "double" : "float");
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

/* ---- the report across the pipeline ----
 *
 * Stage 1 knows the arrays at the pipeline start; the loop stage decides
 * the marked loops just before the vectorizer.  So the report travels with
 * the module as named metadata (metadata.h): stage 1 starts it (its path),
 * each decision about a marked loop is added as it is said (affq_report
 * passes it to affq_report_loop), stage 1 adds its arrays when it is done,
 * and affq_report_finish writes the file once, at the end of the pipeline
 * (plugin.cpp's report pass at OptimizerLast), or at the end of stage 1
 * when no pass follows it (opt -passes=affq<report=F>). */

static LLVMValueRef md_node(LLVMModuleRef M, LLVMMetadataRef *ops, size_t n) {
  LLVMContextRef ctx = LLVMGetModuleContext(M);
  return LLVMMetadataAsValue(ctx, LLVMMDNodeInContext2(ctx, ops, n));
}

static LLVMMetadataRef md_string(LLVMModuleRef M, const char *s) {
  return LLVMMDStringInContext2(LLVMGetModuleContext(M), s, strlen(s));
}

void affq_report_begin(LLVMModuleRef M, const char *path) {
  affq_erase_named_metadata(M, AFFQ_MD_REPORT); /* a report of an earlier run */
  affq_erase_named_metadata(M, AFFQ_MD_REPORT_LOOPS);
  LLVMMetadataRef p = md_string(M, path);
  LLVMAddNamedMetadataOperand(M, AFFQ_MD_REPORT, md_node(M, &p, 1));
}

/* "[\n    {...},\n    {...}\n  ]" */
static char *json_list(const affq_json *items, size_t n) {
  affq_json j = {0};
  put(&j, "[%s%s]", items->text ? items->text : "", n ? "\n  " : "");
  return j.text;
}

void affq_report_keep(const affq_report_data *r, LLVMModuleRef M) {
  char *q = json_list(&r->arrays, r->n_arrays), *f = json_list(&r->floats, r->n_floats);
  LLVMMetadataRef ops[2] = {md_string(M, q), md_string(M, f)};
  LLVMAddNamedMetadataOperand(M, AFFQ_MD_REPORT, md_node(M, ops, 2));
  free(q);
  free(f);
}

/* What a marked loop became, from the name of the remark or warning that
 * said it (products.c, loops.c). */
static const char *loop_result(const char *name) {
  static const char *const results[][2] = {{"Product", "kernel"},
                                           {"Inline", "inline"},
                                           {"NoProduct", "element-wise"},
                                           {"LoopAtO0", "element-wise"},
                                           {"LoopIgnored", "ignored"}};
  for (size_t i = 0; name && i < sizeof results / sizeof *results; i++)
    if (!strcmp(name, results[i][0]))
      return results[i][1];
  return NULL;
}

/* The shape in a product's remark, "marked loop: SHAPE runs on the int8
 * kernel..." or "marked loop: SHAPE stays inline..." ("marked loop (sum 1
 * of 2): SHAPE ..." for one of several sums; products.c's
 * try_product names it), and the runtime kernel a replaced loop calls
 * (loop_abi.c: affq_loop_product calls affq_gemm_q8f32 or, for a column
 * walk, affq_gemm_t_q8f32; affq_loop_dot_q8q8 calls affq_dot_q8q8). */
static void loop_shape(const char *result, const char *msg, char *shape, size_t size,
                       const char **kernel) {
  static const char prefix[] = "marked loop: ";
  static const char *const ends[] = {" (per-row weights)", " runs on the int8 kernel",
                                     " stays inline"};
  *shape = 0;
  *kernel = "";
  if (strcmp(result, "kernel") && strcmp(result, "inline"))
    return;
  if (!strncmp(msg, "marked loop (sum ", 17) && strstr(msg, "): ")) /* one of several sums */
    msg = strstr(msg, "): ") + 3;
  else if (!strncmp(msg, prefix, sizeof prefix - 1))
    msg += sizeof prefix - 1;
  else
    return;
  const char *end = NULL;
  for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
    const char *e = strstr(msg, ends[i]);
    if (e && (!end || e < end))
      end = e;
  }
  if (!end)
    return;
  snprintf(shape, size, "%.*s", (int)(end - msg), msg);
  if (!strcmp(result, "kernel"))
    *kernel = strstr(shape, "two quantized arrays") ? "affq_dot_q8q8"
              : !strncmp(shape, "transposed", 10)   ? "affq_gemm_t_q8f32"
                                                    : "affq_gemm_q8f32";
}

void affq_report_loop(LLVMModuleRef M, const char *fn_name, const char *file, unsigned line,
                      const char *name, const char *msg) {
  const char *result = loop_result(name);
  if (!result || !LLVMGetNamedMetadata(M, AFFQ_MD_REPORT, strlen(AFFQ_MD_REPORT)))
    return; /* not about a loop, or no report */
  if (!strncmp(msg, "affq: ", 6)) /* a warning's prefix */
    msg += 6;
  char shape[128];
  const char *kernel;
  loop_shape(result, msg, shape, sizeof shape, &kernel);
  LLVMContextRef ctx = LLVMGetModuleContext(M);
  LLVMMetadataRef ops[AFFQ_RLOOP_FIELDS];
  ops[AFFQ_RLOOP_FILE] = md_string(M, file);
  ops[AFFQ_RLOOP_LINE] = LLVMValueAsMetadata(LLVMConstInt(LLVMInt32TypeInContext(ctx), line, 0));
  ops[AFFQ_RLOOP_FUNCTION] = md_string(M, fn_name);
  ops[AFFQ_RLOOP_RESULT] = md_string(M, result);
  ops[AFFQ_RLOOP_SHAPE] = md_string(M, shape);
  ops[AFFQ_RLOOP_KERNEL] = md_string(M, kernel);
  ops[AFFQ_RLOOP_MESSAGE] = md_string(M, msg);
  LLVMAddNamedMetadataOperand(M, AFFQ_MD_REPORT_LOOPS, md_node(M, ops, AFFQ_RLOOP_FIELDS));
}

/* Operand i of a metadata node: its string (NULL if it is not one) or, for
 * an integer, *number. */
static const char *md_operand(LLVMValueRef node, unsigned i, unsigned *number) {
  unsigned n = LLVMGetMDNodeNumOperands(node);
  if (i >= n)
    return NULL;
  LLVMValueRef *ops = malloc(n * sizeof *ops);
  LLVMGetMDNodeOperands(node, ops);
  LLVMValueRef v = ops[i];
  free(ops);
  if (number && v && LLVMIsAConstantInt(v))
    *number = (unsigned)LLVMConstIntGetZExtValue(v);
  unsigned len;
  return v && !LLVMIsAConstantInt(v) ? LLVMGetMDString(v, &len) : NULL;
}

static LLVMValueRef *named_operands(LLVMModuleRef M, const char *name, unsigned *n) {
  *n = LLVMGetNamedMetadataNumOperands(M, name);
  LLVMValueRef *v = malloc((*n ? *n : 1) * sizeof *v);
  if (*n)
    LLVMGetNamedMetadataOperands(M, name, v);
  return v;
}

typedef struct {
  LLVMValueRef node;
  const char *file;
  unsigned line, order;
} loop_entry;

/* source order, then the order they were decided in */
static int by_place(const void *x, const void *y) {
  const loop_entry *a = x, *b = y;
  int c = strcmp(a->file, b->file);
  if (c)
    return c;
  if (a->line != b->line)
    return a->line < b->line ? -1 : 1;
  return a->order < b->order ? -1 : a->order > b->order;
}

static void put_field(affq_json *j, const char *key, const char *s, int empty_is_null) {
  put(j, ", \"%s\": ", key);
  if (empty_is_null && !*s)
    put(j, "null");
  else
    put_string(j, s);
}

/* "loops": every decision about a marked loop, in source order */
static void put_loops(affq_json *j, LLVMModuleRef M) {
  unsigned n;
  LLVMValueRef *nodes = named_operands(M, AFFQ_MD_REPORT_LOOPS, &n);
  loop_entry *e = malloc((n ? n : 1) * sizeof *e);
  for (unsigned i = 0; i < n; i++) {
    e[i].node = nodes[i], e[i].order = i, e[i].line = 0;
    e[i].file = md_operand(nodes[i], AFFQ_RLOOP_FILE, NULL);
    md_operand(nodes[i], AFFQ_RLOOP_LINE, &e[i].line);
    if (!e[i].file)
      e[i].file = "";
  }
  qsort(e, n, sizeof *e, by_place);
  put(j, ",\n  \"loops\": [");
  for (unsigned i = 0; i < n; i++) {
    const char *f[AFFQ_RLOOP_FIELDS];
    for (unsigned k = 0; k < AFFQ_RLOOP_FIELDS; k++) {
      f[k] = md_operand(e[i].node, k, NULL);
      f[k] = f[k] ? f[k] : "";
    }
    put(j, "%s{\"file\": ", i ? ",\n    " : "\n    ");
    put_string(j, e[i].file);
    put(j, ", \"line\": %u", e[i].line);
    put_field(j, "function", f[AFFQ_RLOOP_FUNCTION], 0);
    put_field(j, "result", f[AFFQ_RLOOP_RESULT], 0);
    put_field(j, "shape", f[AFFQ_RLOOP_SHAPE], 1);
    put_field(j, "kernel", f[AFFQ_RLOOP_KERNEL], 1);
    put_field(j, "message", f[AFFQ_RLOOP_MESSAGE], 0);
    put(j, "}");
  }
  put(j, "%s]", n ? "\n  " : "");
  free(e);
  free(nodes);
}

int affq_report_finish(LLVMModuleRef M) {
  unsigned n;
  LLVMValueRef *report = named_operands(M, AFFQ_MD_REPORT, &n);
  if (!n) {
    free(report);
    return 0; /* no report, or written already */
  }
  const char *path = md_operand(report[0], 0, NULL);
  const char *quantized = n > 1 ? md_operand(report[1], 0, NULL) : NULL;
  const char *floats = n > 1 ? md_operand(report[1], 1, NULL) : NULL;
  size_t len;
  const char *src = LLVMGetSourceFileName(M, &len);
  char module[512];
  snprintf(module, sizeof module, "%.*s", (int)len, src ? src : "");
  affq_json out = {0};
  put(&out, "{\"schema\": \"affq-report\", \"version\": 1, \"module\": ");
  put_string(&out, module);
  put(&out, ",\n  \"quantized\": %s,\n  \"stays_float\": %s", quantized ? quantized : "[]",
      floats ? floats : "[]");
  put_loops(&out, M);
  put(&out, "}\n");
  char file[1024], msg[1280];
  int bad = affq_report_write(path ? path : "", module, out.text, file, sizeof file, msg,
                              sizeof msg); /* report_file.c */
  free(report); /* path and the lists live in the metadata, dropped now */
  affq_erase_named_metadata(M, AFFQ_MD_REPORT);
  affq_erase_named_metadata(M, AFFQ_MD_REPORT_LOOPS);
  free(out.text);
  if (bad)
    affq_report(M, NULL, AFFQ_DIAG_ERROR, file, 0, "", msg);
  return bad ? -1 : 0;
}

void affq_report_free(affq_report_data *r) {
  free(r->arrays.text);
  free(r->floats.text);
  memset(r, 0, sizeof *r);
}
