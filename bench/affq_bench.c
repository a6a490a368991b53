/*
 * affq_bench.c - the runtime's speed, as ratios measured side by side in one
 * run: kernels against memcpy, against the plain loops of plain_loops.c
 * (clang-19 -O3 -march=native -ffast-math), and against the scalar path.
 * Every figure is the median of several runs.  Timings are for reading, not
 * for asserting: no test depends on them.
 *
 *   affq-bench           the full run (256 MiB streams, 8192 x 8192 GEMV)
 *   affq-bench --quick   small sizes, to check that it runs
 */
#define _GNU_SOURCE
#include "affq.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void plain_quantize(const float *x, int8_t *q, size_t n, float s, int32_t z);
void plain_dequantize(const int8_t *q, float *x, size_t n, float s, int32_t z);
void plain_gemv_f32(const float *w, const float *x, float *y, size_t rows, size_t cols);
float plain_sum(const float *x, size_t n);
void plain_quantize_f64(const double *x, int8_t *q, size_t n, float s, int32_t z);
void plain_dequantize_f64(const int8_t *q, double *x, size_t n, float s, int32_t z);
void plain_gemv_f64(const double *w, const double *x, double *y, size_t rows, size_t cols);
#if defined(__x86_64__)
void plain_fill_nt(float *x, size_t n, float v);
#if defined(__x86_64__)
#include "peaks.h"
#endif
#if AFFQ_HAVE_XNNPACK
#include "xnn_baseline.h"
static int have_xnn;
static xnn_gemv *xnn_g;
#endif

/* Bandwidths measured by streaming(), the limits of the later sections:
 * bytes per second read (sum of floats) and written (non-temporal). */
static double bw_read, bw_write;
#endif

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* What one timed run does; inner = how many times to repeat it per sample. */
typedef struct {
  int kind;
  size_t n, rows, cols;
  int flags;
  const void *in;
  void *out;
  const affq_qparams *p;
  const float *x;
  const double *xd; /* the double kinds' x */
} job;

enum { XNN_QUANT = 100, XNN_DEQUANT, XNN_GEMV };
enum { MEMCPY, READ, WRITE, QUANT, DEQUANT, PLAIN_QUANT, PLAIN_DEQUANT, GEMV_Q8, GEMV_F32, DOT_Q8Q8,
       QUANT_F64, DEQUANT_F64, PLAIN_QUANT_F64, PLAIN_DEQUANT_F64, GEMV_Q8F64, GEMV_F64 };

static volatile int32_t sink;

static void run(const job *j) {
  switch (j->kind) {
  case MEMCPY: memcpy(j->out, j->in, j->n); break;
  case READ: sink = (int32_t)plain_sum(j->in, j->n); break;
  case WRITE: plain_fill_nt(j->out, j->n, 0.5f); break;
  case QUANT: affq_quantize(j->in, j->out, j->n, j->p); break;
  case DEQUANT: affq_dequantize(j->in, j->out, j->n, j->p); break;
  case PLAIN_QUANT: plain_quantize(j->in, j->out, j->n, j->p->scale, j->p->zero_point); break;
  case PLAIN_DEQUANT: plain_dequantize(j->in, j->out, j->n, j->p->scale, j->p->zero_point); break;
  case GEMV_Q8: affq_gemv_q8f32(j->in, j->p, 1, j->rows, j->cols, j->x, j->out, j->flags); break;
  case GEMV_F32: plain_gemv_f32(j->in, j->x, j->out, j->rows, j->cols); break;
  case QUANT_F64: affq_quantize_f64(j->in, j->out, j->n, j->p); break;
  case DEQUANT_F64: affq_dequantize_f64(j->in, j->out, j->n, j->p); break;
  case PLAIN_QUANT_F64: plain_quantize_f64(j->in, j->out, j->n, j->p->scale, j->p->zero_point); break;
  case PLAIN_DEQUANT_F64: plain_dequantize_f64(j->in, j->out, j->n, j->p->scale, j->p->zero_point); break;
  case GEMV_Q8F64: affq_gemv_q8f64(j->in, j->p, 1, j->rows, j->cols, j->xd, j->out, 0); break;
  case GEMV_F64: plain_gemv_f64(j->in, j->xd, j->out, j->rows, j->cols); break;
#if AFFQ_HAVE_XNNPACK
  case XNN_QUANT: xnn_baseline_quantize(j->in, j->out, j->n, j->p->scale, j->p->zero_point); break;
  case XNN_DEQUANT: xnn_baseline_dequantize(j->in, j->out, j->n, j->p->scale, j->p->zero_point); break;
  case XNN_GEMV: xnn_baseline_gemv(xnn_g, j->x, j->out); break;
#endif
  case DOT_Q8Q8: {
    int32_t r;
    affq_dot_q8q8(j->in, j->p, j->out, j->p, j->n, &r);
    sink = r;
    break;
  }
  }
}

/* Median seconds of one run over `samples` samples of `inner` runs each. */
static double median_time(const job *j, int samples, int inner) {
  double t[31] = {0};
  samples = samples < 1 ? 1 : samples > 31 ? 31 : samples;
  run(j); /* warm up: page faults, caches, dispatch */
  for (int s = 0; s < samples; s++) {
    double t0 = now();
    for (int i = 0; i < inner; i++)
      run(j);
    t[s] = (now() - t0) / inner;
  }
  qsort(t, (size_t)samples, sizeof t[0], cmp_double);
  return t[samples / 2];
}

/* Baseline and kernel timed back to back, `samples` times: the median of
 * the per-pair ratios base/kernel.  Pairing cancels the drift of a shared
 * machine, which moves both members of a pair alike. */
static double paired_ratio(const job *base, const job *kernel, int samples, double *t_base,
                           double *t_kernel) {
  double r[31] = {0}, tb[31] = {0}, tk[31] = {0};
  samples = samples < 1 ? 1 : samples > 31 ? 31 : samples;
  run(base), run(kernel);
  for (int s = 0; s < samples; s++) {
    double t0 = now();
    run(base);
    double t1 = now();
    run(kernel);
    double t2 = now();
    tb[s] = t1 - t0, tk[s] = t2 - t1, r[s] = tb[s] / tk[s];
  }
  qsort(r, (size_t)samples, sizeof r[0], cmp_double);
  qsort(tb, (size_t)samples, sizeof tb[0], cmp_double);
  qsort(tk, (size_t)samples, sizeof tk[0], cmp_double);
  *t_base = tb[samples / 2], *t_kernel = tk[samples / 2];
  return r[samples / 2];
}

static void *alloc(size_t bytes) {
  void *p = aligned_alloc(64, (bytes + 63) / 64 * 64);
  if (!p) {
    fprintf(stderr, "affq-bench: out of memory\n");
    exit(1);
  }
  memset(p, 1, bytes); /* fault the pages in before timing */
  return p;
}

static void cpu_model(char *buf, size_t size) {
  snprintf(buf, size, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  if (!f)
    return;
  char line[256];
  int family = -1, model = -1;
  while (fgets(line, sizeof line, f)) {
    if (!strncmp(line, "model name", 10) && strchr(line, ':'))
      snprintf(buf, size, "%s", strchr(line, ':') + 2), buf[strcspn(buf, "\n")] = 0;
    else if (!strncmp(line, "cpu family", 10) && family < 0)
      family = atoi(strchr(line, ':') + 1);
    else if (!strncmp(line, "model\t", 6) && model < 0)
      model = atoi(strchr(line, ':') + 1);
  }
  fclose(f);
  size_t len = strlen(buf);
  snprintf(buf + len, size - len, " (family %d, model %d)", family, model);
}

static void streaming(size_t bytes, int samples) {
  size_t n = bytes / sizeof(float);
  float *x = alloc(n * sizeof(float)), *y = alloc(n * sizeof(float));
  int8_t *q = alloc(n);
  unsigned char *src = alloc(bytes), *dst = alloc(bytes);
  for (size_t i = 0; i < n; i++)
    x[i] = sinf((float)i * 0.001f);
  affq_qparams p;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);

  job memcpy_job = {.kind = MEMCPY, .n = bytes, .in = src, .out = dst};
  job read_job = {.kind = READ, .n = n, .in = x};
  job write_job = {.kind = WRITE, .n = n, .out = y};
  job quant = {.kind = QUANT, .n = n, .in = x, .out = q, .p = &p};
  job plain_quant = {.kind = PLAIN_QUANT, .n = n, .in = x, .out = q, .p = &p};
  job dequant = {.kind = DEQUANT, .n = n, .in = q, .out = y, .p = &p};
  job plain_dequant = {.kind = PLAIN_DEQUANT, .n = n, .in = q, .out = y, .p = &p};
  double moved = (double)n * (sizeof(float) + 1); /* read + write, both kernels */
  double t_m, t_k, t_p, t_r, t_w;

  printf("streaming: %zu MiB of float32 (%zu Mi elements); medians of %d back-to-back pairs\n",
         bytes >> 20, n >> 20, samples);
  printf("  (GB/s counts bytes read + written; memcpy moves 2 bytes per byte copied)\n");
  /* memcpy's 2 bytes per byte, the kernels' 5 bytes per element */
  double r_q_mem = paired_ratio(&memcpy_job, &quant, samples, &t_m, &t_k) * moved / (2.0 * bytes);
  double r_q_plain = paired_ratio(&plain_quant, &quant, samples, &t_p, &t_k);
  double r_read = paired_ratio(&memcpy_job, &read_job, samples, &t_m, &t_r) * (double)bytes / (2.0 * bytes);
  double r_write = paired_ratio(&read_job, &write_job, samples, &t_r, &t_w);
  bw_read = bytes / t_r, bw_write = bytes / t_w;
  printf("  %-30s %6.2f GB/s\n", "memcpy", 2.0 * bytes / t_m / 1e9);
  printf("  %-30s %6.2f GB/s = %.2fx memcpy: quantize's ceiling is 1.25x that, %.2f GB/s\n",
         "read only (sum of floats)", bw_read / 1e9, r_read, 1.25 * bw_read / 1e9);
  printf("  %-30s %6.2f GB/s = %.2fx read: dequantize's ceiling is 1.25x that, %.2f GB/s\n",
         "write only (non-temporal)", bw_write / 1e9, r_write, 1.25 * bw_write / 1e9);
  printf("  %-30s %6.2f GB/s = %.2f of its ceiling, %.2fx memcpy, %.2fx the plain loop (%.2f GB/s)\n",
         "affq_quantize f32 -> int8", moved / t_k / 1e9, moved / t_k / (1.25 * bw_read), r_q_mem,
         r_q_plain, moved / t_p / 1e9);
  double r_d_mem = paired_ratio(&memcpy_job, &dequant, samples, &t_m, &t_k) * moved / (2.0 * bytes);
  double r_d_plain = paired_ratio(&plain_dequant, &dequant, samples, &t_p, &t_k);
  printf("  %-30s %6.2f GB/s = %.2f of its ceiling, %.2fx memcpy, %.2fx the plain loop (%.2f GB/s)\n",
         "affq_dequantize int8 -> f32", moved / t_k / 1e9, moved / t_k / (1.25 * bw_write), r_d_mem,
         r_d_plain, moved / t_p / 1e9);
#if AFFQ_HAVE_XNNPACK
  if (have_xnn) {
    job xq = {.kind = XNN_QUANT, .n = n, .in = x, .out = q, .p = &p};
    job xd = {.kind = XNN_DEQUANT, .n = n, .in = q, .out = y, .p = &p};
    double rq = paired_ratio(&xq, &quant, samples, &t_p, &t_k);
    printf("  %-30s %6.2f GB/s: affq_quantize is %.2fx it\n", "XNNPACK convert f32 -> qs8",
           moved / t_p / 1e9, rq);
    double rd = paired_ratio(&xd, &dequant, samples, &t_p, &t_k);
    printf("  %-30s %6.2f GB/s: affq_dequantize is %.2fx it\n", "XNNPACK convert qs8 -> f32",
           moved / t_p / 1e9, rd);
  }
#endif
  free(x), free(y), free(q), free(src), free(dst);
}

/* Next name of affq_isa_names() into name; 0 at the end. */
static int next_isa(const char **cursor, char name[32]) {
  int used = 0;
  if (sscanf(*cursor, " %31s%n", name, &used) != 1)
    return 0;
  *cursor += used;
  return 1;
}

/* The path's arithmetic peak (peaks.c), measured: float mul+add pairs per
 * ns (is_int 0), or int8 byte products per ns (is_int 1); 0 where there is
 * no such loop (scalar, other architectures). Best of `samples`. */
static double peak_rate(const char *isa, int is_int, int samples) {
#if defined(__x86_64__)
  static const struct {
    const char *isa;
    int lanes;
    float (*muladd)(long);
    int32_t (*int8)(long);
  } paths[] = {
      {"sse4", 4, affq_peak_muladd_sse41, affq_peak_int8_sse41},
      {"avx2", 8, affq_peak_muladd_avx2, affq_peak_int8_avx2},
      {"avx2vnni", 8, affq_peak_muladd_avx2, affq_peak_int8_avxvnni},
      {"avx512", 16, affq_peak_muladd_avx512, affq_peak_int8_avx512},
      {"avx512vnni", 16, affq_peak_muladd_avx512, affq_peak_int8_avx512vnni},
  };
  for (size_t k = 0; k < sizeof paths / sizeof paths[0]; k++) {
    if (strcmp(paths[k].isa, isa))
      continue;
    const long it = 2000000;
    double best = 1e9;
    for (int s = 0; s < samples; s++) {
      double t0 = now();
      if (is_int)
        sink = paths[k].int8(it);
      else
        sink = (int32_t)paths[k].muladd(it);
      best = fmin(best, now() - t0);
    }
    double ops = (double)it * affq_peak_chains * paths[k].lanes * (is_int ? 4 : 1);
    return ops / best / 1e9;
  }
#else
  (void)isa, (void)is_int, (void)samples;
#endif
  return 0;
}

static void in_cache(size_t n, int samples) {
  float *x = alloc(n * sizeof(float)), *y = alloc(n * sizeof(float));
  int8_t *q = alloc(n);
  for (size_t i = 0; i < n; i++)
    x[i] = sinf((float)i);
  affq_qparams p;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  int inner = (int)(20000000 / n) + 1;
  printf("\nin cache: %zu Ki elements, elements per ns (medians of %d)\n", n >> 10, samples);
  printf("  (peak: the path's float mul+add pairs per ns on register data, bench/peaks.c; the dot\n"
         "   q8f32 spends one pair per element, plus the load, widening and conversion)\n");
  printf("  %-11s %9s %9s %9s %7s %8s   %s\n", "path", "quantize", "dequant", "dot q8f32", "peak",
         "dot/peak", "ratio to scalar");
  double base[3] = {0};
  char name[32];
  for (const char *cursor = affq_isa_names(); next_isa(&cursor, name);) {
    if (!affq_isa_supported(name) || affq_isa_select(name))
      continue;
    double e[3];
    e[0] = n / median_time(&(job){.kind = QUANT, .n = n, .in = x, .out = q, .p = &p}, samples, inner) / 1e9;
    e[1] = n / median_time(&(job){.kind = DEQUANT, .n = n, .in = q, .out = y, .p = &p}, samples, inner) / 1e9;
    /* dot q8 x f32 through a 1-row GEMV */
    e[2] = n / median_time(&(job){.kind = GEMV_Q8, .rows = 1, .cols = n, .in = q, .x = x, .out = y, .p = &p},
                           samples, inner) / 1e9;
    if (!base[0])
      memcpy(base, e, sizeof base);
    double peak = peak_rate(name, 0, samples);
    char pk[16] = "-", frac[16] = "-";
    if (peak > 0)
      snprintf(pk, sizeof pk, "%.1f", peak), snprintf(frac, sizeof frac, "%.2f", e[2] / peak);
    printf("  %-11s %9.2f %9.2f %9.2f %7s %8s   %.1fx %.1fx %.1fx\n", name, e[0], e[1], e[2], pk, frac,
           e[0] / base[0], e[1] / base[1], e[2] / base[2]);
  }
  affq_isa_select("auto");
#if AFFQ_HAVE_XNNPACK
  if (have_xnn) {
    double eq = n / median_time(&(job){.kind = XNN_QUANT, .n = n, .in = x, .out = q, .p = &p}, samples, inner) / 1e9;
    double ed = n / median_time(&(job){.kind = XNN_DEQUANT, .n = n, .in = q, .out = y, .p = &p}, samples, inner) / 1e9;
    printf("  %-11s %9.2f %9.2f %9s   (its best path for this CPU)\n", "XNNPACK", eq, ed, "-");
  }
#endif
  free(x), free(y), free(q);
}

static void gemv(size_t rows, size_t cols, int samples) {
  float *wf = alloc(rows * cols * sizeof(float)), *x = alloc(cols * sizeof(float));
  float *y = alloc(rows * sizeof(float)), *yq = alloc(rows * sizeof(float));
  int8_t *wq = alloc(rows * cols);
  affq_qparams *pr = alloc(rows * sizeof *pr);
  for (size_t i = 0; i < rows * cols; i++)
    wf[i] = sinf((float)i * 0.37f) * 0.05f;
  for (size_t c = 0; c < cols; c++)
    x[c] = cosf((float)c * 0.11f);
  affq_choose_qparams_rows_f32(wf, rows, cols, 8, 1, AFFQ_SYMMETRIC, pr);
  affq_quantize_rows(wf, wq, rows, cols, pr);

  job f32 = {.kind = GEMV_F32, .rows = rows, .cols = cols, .in = wf, .x = x, .out = y};
  printf("\nGEMV %zu x %zu, per-row int8 weights (%zu MiB) against float32 (%zu MiB); medians of %d pairs\n",
         rows, cols, rows * cols >> 20, rows * cols * 4 >> 20, samples);
  /* the weight-streaming floor: the weights read once at the read bandwidth */
  double floor_q = (double)(rows * cols) / bw_read, floor_f = 4.0 * floor_q;
  printf("  (floor: the weights read once at %.2f GB/s: %.3f ms int8, %.3f ms float32;\n"
         "   \"of floor\" is floor / time, 1.00 at the limit)\n",
         bw_read / 1e9, floor_q * 1e3, floor_f * 1e3);
  for (int flags = 0; flags <= AFFQ_DYNAMIC; flags++) {
    job q8 = {.kind = GEMV_Q8, .rows = rows, .cols = cols, .in = wq, .x = x, .out = yq, .p = pr, .flags = flags};
    double t_f, t_q, ratio = paired_ratio(&f32, &q8, samples, &t_f, &t_q);
    run(&f32);
    double err = 0, mag = 0;
    for (size_t r = 0; r < rows; r++)
      err = fmax(err, fabs((double)yq[r] - y[r])), mag = fmax(mag, fabs((double)y[r]));
    printf("  %-40s %6.2f ms = %.2f of floor, against float32 %6.2f ms = %.2f of floor: %.2fx faster"
           "  (max |dy| %.3g, max |y| %.3g)\n",
           flags ? "affq_gemv_q8f32 dynamic (int8 x int8)" : "affq_gemv_q8f32 float activations",
           t_q * 1e3, floor_q / t_q, t_f * 1e3, floor_f / t_f, ratio, err, mag);
  }
#if AFFQ_HAVE_XNNPACK
  if (have_xnn && (xnn_g = xnn_baseline_gemv_create(wq, rows, cols, pr[0].scale))) {
    job q8 = {.kind = GEMV_Q8, .rows = rows, .cols = cols, .in = wq, .x = x, .out = yq, .p = pr,
              .flags = AFFQ_DYNAMIC};
    job xg = {.kind = XNN_GEMV, .x = x, .out = y};
    double t_x, t_q, ratio = paired_ratio(&xg, &q8, samples, &t_x, &t_q);
    printf("  %-40s %6.2f ms = %.2f of floor: affq's dynamic GEMV is %.2fx it\n",
           "XNNPACK f32->qs8, FC qs8, qs8->f32", t_x * 1e3, floor_q / t_x, ratio);
    xnn_baseline_gemv_free(xnn_g);
    xnn_g = NULL;
  }
#endif
  printf("  (float32: the plain loop of plain_loops.c, clang-19 -O3 -march=native -ffast-math)\n");
  free(wf), free(x), free(y), free(yq), free(wq), free(pr);
}

static void dot_gops(size_t n, int samples) {
  int8_t *a = alloc(n), *b = alloc(n);
  for (size_t i = 0; i < n; i++)
    a[i] = (int8_t)(i * 7), b[i] = (int8_t)(i * 13);
  affq_qparams p;
  affq_make_qparams(1.0f, 0, 8, 1, &p);
  int inner = (int)(50000000 / n) + 1;
  printf("\nq8 x q8 dot, %zu elements in L1, GOPS (2 ops per multiply-add), medians of %d\n", n, samples);
  printf("  (peak: the path's fastest int8 multiply-add on register data, bench/peaks.c:\n"
         "   vpmaddubsw + vpmaddwd + vpaddd, or vpdpbusd with VNNI; the kernels widen to 16 bits\n"
         "   for the zero points and use vpmaddwd, or vpdpbusd with VNNI)\n");
  char name[32];
  for (const char *cursor = affq_isa_names(); next_isa(&cursor, name);) {
    if (!affq_isa_supported(name) || affq_isa_select(name))
      continue;
    double t = median_time(&(job){.kind = DOT_Q8Q8, .n = n, .in = a, .out = b, .p = &p}, samples, inner);
    double gops = 2.0 * (double)n / t / 1e9, peak = 2.0 * peak_rate(name, 1, samples);
    if (peak > 0)
      printf("  %-11s %8.1f GOPS  %5.1f%% of the path's peak, %.1f GOPS\n", name, gops,
             100.0 * gops / peak, peak);
    else
      printf("  %-11s %8.1f GOPS\n", name, gops);
  }
  affq_isa_select("auto");
  free(a), free(b);
}

/* The double API against the same loops in double: streaming quantize and
 * dequantize, and a per-row int8 GEMV against a double GEMV. */
static void doubles(size_t bytes, size_t rows, size_t cols, int samples) {
  size_t n = bytes / sizeof(double);
  double *x = alloc(n * sizeof(double)), *y = alloc(n * sizeof(double));
  int8_t *q = alloc(n);
  for (size_t i = 0; i < n; i++)
    x[i] = sin((double)i * 0.001);
  affq_qparams p;
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &p);
  double moved = (double)n * (sizeof(double) + 1), t_p, t_k;
  printf("\ndouble: %zu MiB of float64 (%zu Mi elements), GEMV %zu x %zu; medians of %d pairs\n",
         bytes >> 20, n >> 20, rows, cols, samples);
  job quant = {.kind = QUANT_F64, .n = n, .in = x, .out = q, .p = &p};
  job plain_quant = {.kind = PLAIN_QUANT_F64, .n = n, .in = x, .out = q, .p = &p};
  double r = paired_ratio(&plain_quant, &quant, samples, &t_p, &t_k);
  printf("  %-32s %6.2f GB/s = %.2fx the plain loop (%.2f GB/s)\n", "affq_quantize_f64 f64 -> int8",
         moved / t_k / 1e9, r, moved / t_p / 1e9);
  job dequant = {.kind = DEQUANT_F64, .n = n, .in = q, .out = y, .p = &p};
  job plain_dequant = {.kind = PLAIN_DEQUANT_F64, .n = n, .in = q, .out = y, .p = &p};
  r = paired_ratio(&plain_dequant, &dequant, samples, &t_p, &t_k);
  printf("  %-32s %6.2f GB/s = %.2fx the plain loop (%.2f GB/s)\n", "affq_dequantize_f64 int8 -> f64",
         moved / t_k / 1e9, r, moved / t_p / 1e9);
  free(x), free(y), free(q);

  double *wf = alloc(rows * cols * sizeof(double)), *xv = alloc(cols * sizeof(double));
  double *yf = alloc(rows * sizeof(double)), *yq = alloc(rows * sizeof(double));
  int8_t *wq = alloc(rows * cols);
  affq_qparams *pr = alloc(rows * sizeof *pr);
  for (size_t i = 0; i < rows * cols; i++)
    wf[i] = sin((double)i * 0.37) * 0.05;
  for (size_t c = 0; c < cols; c++)
    xv[c] = cos((double)c * 0.11);
  affq_choose_qparams_rows_f64(wf, rows, cols, 8, 1, AFFQ_SYMMETRIC, pr);
  affq_quantize_rows_f64(wf, wq, rows, cols, pr);
  job f64 = {.kind = GEMV_F64, .rows = rows, .cols = cols, .in = wf, .xd = xv, .out = yf};
  job q8 = {.kind = GEMV_Q8F64, .rows = rows, .cols = cols, .in = wq, .xd = xv, .out = yq, .p = pr};
  r = paired_ratio(&f64, &q8, samples, &t_p, &t_k);
  run(&f64);
  double err = 0, mag = 0;
  for (size_t i = 0; i < rows; i++)
    err = fmax(err, fabs(yq[i] - yf[i])), mag = fmax(mag, fabs(yf[i]));
  printf("  %-32s %6.2f ms against float64 %6.2f ms: %.2fx faster  (max |dy| %.3g, max |y| %.3g)\n",
         "affq_gemv_q8f64 (int8 weights)", t_k * 1e3, t_p * 1e3, r, err, mag);
  printf("  (float64: the plain loops of plain_loops.c, clang-19 -O3 -march=native -ffast-math)\n");
  free(wf), free(xv), free(yf), free(yq), free(wq), free(pr);
}

int main(int argc, char **argv) {
  int quick = argc > 1 && !strcmp(argv[1], "--quick");
  char cpu[160];
  cpu_model(cpu, sizeof cpu);
  printf("affq-bench %s on %s; default path %s\n", AFFQ_VERSION_STRING, cpu, affq_isa_current());
#if AFFQ_HAVE_XNNPACK
  have_xnn = xnn_baseline_init() == 0;
  printf("XNNPACK baselines: %s\n\n", have_xnn ? "yes (one thread)" : "no (xnn_initialize failed)");
#else
  printf("XNNPACK baselines: no (libxnnpack-dev was not installed at build time: "
         "scripts/bench-setup.sh)\n\n");
#endif
  streaming(quick ? (size_t)16 << 20 : (size_t)256 << 20, quick ? 3 : 15);
  in_cache(16 * 1024, quick ? 3 : 11);
  gemv(quick ? 512 : 8192, quick ? 512 : 8192, quick ? 3 : 15);
  dot_gops(4096, quick ? 3 : 11);
  doubles(quick ? (size_t)16 << 20 : (size_t)256 << 20, quick ? 512 : 4096, quick ? 512 : 4096,
          quick ? 3 : 15);
  return 0;
}
