// The double API: every kernel path this machine has gives results
// identical, bit for bit, to the scalar path (isa-identical.c does the same
// for float), for
//   - affq_quantize_f64, affq_dequantize_f64 (and their _rows forms),
//     affq_minmax_f64, affq_choose_qparams_f64 (and _rows), affq_dot_q8f64,
//     affq_gemv_q8f64 per tensor and per row;
//   - every length 0..130, 1000..1063 at every alignment of the codes,
//     65536 + 7, and 4 Mi + 45 (the non-temporal store paths of both
//     conversions, with their alignment heads);
//   - the four cases signed/unsigned x affine/symmetric in turn, bits 2..8,
//     zero points at both ends of the code range;
//   - NaN (both signs, payloads, signalling), +-Inf, +-0, huge values up to
//     +-DBL_MAX, subnormals down to +-DBL_TRUE_MIN, exact ties (k + 0.5) s
//     and their neighbours one ulp away, values at the clamp's edges, and
//     in-range values with all 53 bits random;
//   - every code value (dequantize of random bytes), and dots and GEMVs
//     whose x holds NaN or Inf (a NaN result is the one quiet NaN).
// Every buffer ends at a PROT_NONE page: a kernel that reads or writes past
// its end crashes the test.  AFFQ_TEST_PATHS as in isa-identical.c.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s
// CHECK: path scalar: reference
// CHECK: path {{sse4|avx2|avx512|neon}}{{.*}}: {{[0-9]+}} checks, 0 mismatches
// CHECK-NOT: mismatches [1-9]
// CHECK: all paths identical
#define _GNU_SOURCE
#include "affq.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- buffers that end at a guard page ---------------------------------- */

typedef struct {
  unsigned char *base;
  size_t len;
} mapping;

static mapping maps[64];
static int n_maps;

static void *guarded(size_t bytes) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t body = (bytes + page - 1) / page * page;
  unsigned char *m =
      mmap(NULL, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    abort();
  mprotect(m + body, page, PROT_NONE);
  maps[n_maps++] = (mapping){m, body + page};
  return m + body - bytes;
}

static void free_guarded(void) {
  while (n_maps)
    munmap(maps[n_maps - 1].base, maps[n_maps - 1].len), n_maps--;
}

/* ---- random inputs --------------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next64(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return rng;
}
static uint32_t next32(void) { return (uint32_t)(next64() >> 16); }
/* uniform in [lo, hi) with all 53 bits of the fraction random */
static double uniform(double lo, double hi) {
  return lo + (hi - lo) * ((double)(next64() >> 11) * 0x1p-53);
}
static double from_bits(uint64_t b) {
  double d;
  memcpy(&d, &b, sizeof d);
  return d;
}
static double sign(double v) { return (next32() & 1) ? -v : v; }

/* Values for params p: mostly in range, with every special kind mixed in. */
static void fill_values(double *x, size_t n, const affq_qparams *p) {
  double s = p->scale;
  double lo = (double)(p->qmin - p->zero_point) * s, hi = (double)(p->qmax - p->zero_point) * s;
  static const uint64_t nans[] = {0x7ff8000000000000ull, 0xfff8000000000000ull,
                                  0x7ff8000000000123ull, 0xfff0000000000001ull,
                                  0x7ff0000000000001ull /* signalling */};
  for (size_t i = 0; i < n; i++) {
    double k = (double)((int)(next32() % 700) - 350);
    switch (next32() % 24) {
    case 0: x[i] = from_bits(nans[next32() % 5]); break;
    case 1: x[i] = sign(INFINITY); break;
    case 2: x[i] = sign(0.0); break;
    case 3: x[i] = (k + 0.5) * s; break; /* exact: 10 bits times 24 bits */
    case 4: x[i] = nextafter((k + 0.5) * s, sign(INFINITY)); break;
    case 5: x[i] = sign((double[]){DBL_MAX, 1e300, 1e20, 3.5e38}[next32() % 4]); break;
    case 6: x[i] = sign((double[]){DBL_TRUE_MIN, 1e-310, DBL_MIN, 1e-300}[next32() % 4]); break;
    case 7: x[i] = k * s; break;
    case 8: x[i] = uniform(lo - 10 * (hi - lo), hi + 10 * (hi - lo)); break;
    case 9: { /* half a step inside or outside each end of the code range, and next to it */
      int32_t end = (next32() & 1) ? p->qmin - p->zero_point : p->qmax - p->zero_point;
      x[i] = ((double)end + sign(0.5)) * s;
      if (next32() & 1)
        x[i] = nextafter(x[i], sign(INFINITY));
      break;
    }
    default: x[i] = uniform(lo, hi);
    }
  }
}

static void fill_bytes(void *q, size_t n) {
  for (size_t i = 0; i < n; i++)
    ((uint8_t *)q)[i] = (uint8_t)next32();
}

/* Parameters of case c: signed/unsigned x affine/symmetric in turn, random
 * bits and range; affine zero points now and then at an end of the range. */
static affq_qparams params_case(unsigned c) {
  affq_qparams p;
  int bits = 2 + (int)(next32() % 7), is_signed = c & 1;
  affq_scheme scheme = (c & 2) ? AFFQ_SYMMETRIC : AFFQ_AFFINE;
  double mag = pow(10.0, uniform(-3, 3));
  double a = uniform(-mag, mag), b = uniform(-mag, mag);
  if (affq_choose_qparams((float)fmin(a, b), (float)fmax(a, b), bits, is_signed, scheme, &p))
    abort();
  if (scheme == AFFQ_AFFINE)
    switch (next32() % 4) {
    case 0: p.zero_point = p.qmin; break;
    case 1: p.zero_point = p.qmax; break;
    default: break;
    }
  return p;
}

/* ---- one run of every function, recording its outputs ------------------- */

static unsigned char *transcript;
static size_t t_len, t_cap, t_pos;
static int recording;
static long checks, mismatches;
static const char *path;

static void record(const void *data, size_t bytes, const char *what) {
  checks++;
  if (!bytes)
    return;
  if (recording) {
    if (t_len + bytes > t_cap) {
      t_cap = (t_len + bytes) * 2;
      transcript = realloc(transcript, t_cap);
    }
    memcpy(transcript + t_len, data, bytes);
    t_len += bytes;
    return;
  }
  if (t_pos + bytes > t_len || memcmp(transcript + t_pos, data, bytes)) {
    if (mismatches++ < 10)
      printf("mismatch on %s: %s\n", path, what);
  }
  t_pos += bytes;
}

static void expect_ok(int err, const char *what) {
  if (err) {
    printf("%s failed on %s: %s\n", what, path, affq_strerror(err));
    exit(1);
  }
}

static unsigned case_no;

static void run_conversions(size_t n, size_t off_in, size_t off_out) {
  affq_qparams p = params_case(case_no++);
  double *x = (double *)guarded((n + off_in) * sizeof(double)) + off_in;
  uint8_t *q = (uint8_t *)guarded(n + off_out) + off_out;
  uint8_t *qr = guarded(n);
  double *xd = (double *)guarded((n + off_out) * sizeof(double)) + off_out;
  fill_values(x, n, &p);
  expect_ok(affq_quantize_f64(x, q, n, &p), "quantize_f64");
  record(q, n, "quantize_f64");
  expect_ok(affq_dequantize_f64(q, xd, n, &p), "dequantize_f64");
  record(xd, n * sizeof(double), "dequantize_f64");
  fill_bytes(qr, n); /* every code value */
  expect_ok(affq_dequantize_f64(qr, xd, n, &p), "dequantize_f64 of random codes");
  record(xd, n * sizeof(double), "dequantize_f64 of random codes");

  double mn = 0, mx = 0;
  int err = affq_minmax_f64(x, n, &mn, &mx);
  record(&err, sizeof err, "minmax_f64 status");
  record(&mn, sizeof mn, "minmax_f64 min");
  record(&mx, sizeof mx, "minmax_f64 max");
  affq_qparams c = {0};
  err = affq_choose_qparams_f64(x, n, 8, (int)(n & 1), AFFQ_AFFINE, &c); /* Inf in x: ERANGE */
  record(&err, sizeof err, "choose_qparams_f64 status");
  err = affq_choose_qparams_f64(xd, n, 2 + (int)(n % 7), (int)(n & 1),
                                (n & 2) ? AFFQ_SYMMETRIC : AFFQ_AFFINE, &c);
  record(&err, sizeof err, "choose_qparams_f64 status");
  record(&c, sizeof c, "choose_qparams_f64");

  double dot;
  expect_ok(affq_dot_q8f64(qr, &p, xd, n, &dot), "dot_q8f64");
  record(&dot, sizeof dot, "dot_q8f64");
  expect_ok(affq_dot_q8f64(q, &p, x, n, &dot), "dot_q8f64 with NaN/Inf in x");
  record(&dot, sizeof dot, "dot_q8f64 with NaN/Inf in x");
  for (size_t i = 0; i < n; i++) /* products that round (x' times codes are exact) */
    xd[i] = uniform(-2, 2);
  expect_ok(affq_dot_q8f64(qr, &p, xd, n, &dot), "dot_q8f64 of random x");
  record(&dot, sizeof dot, "dot_q8f64 of random x");

  /* per row: three rows of n / 3, each with its own parameters (one
   * signedness for all rows, as the rows share one array) */
  size_t rows = 3, cols = n / 3;
  affq_qparams pr[3] = {p, p, p};
  for (int r = 1; r < 3; r++)
    pr[r] = params_case((next32() & 2) | (p.qmin < 0)); /* same signedness */
  affq_qparams cr[3];
  expect_ok(affq_quantize_rows_f64(x, q, rows, cols, pr), "quantize_rows_f64");
  record(q, rows * cols, "quantize_rows_f64");
  expect_ok(affq_dequantize_rows_f64(q, xd, rows, cols, pr), "dequantize_rows_f64");
  record(xd, rows * cols * sizeof(double), "dequantize_rows_f64");
  err = affq_choose_qparams_rows_f64(xd, rows, cols, 8, 0, AFFQ_AFFINE, cr);
  record(&err, sizeof err, "choose_qparams_rows_f64 status");
  if (!err)
    record(cr, sizeof cr, "choose_qparams_rows_f64");
  free_guarded();
}

static void run_gemv(size_t rows, size_t cols, int per_row, int specials) {
  affq_qparams pw[64];
  unsigned c = case_no++;
  for (size_t r = 0; r < rows; r++)
    pw[r] = params_case((c & 1) | ((unsigned)r & 2)); /* one signedness for all rows */
  uint8_t *w = guarded(rows * cols);
  double *x = guarded(cols * sizeof(double));
  double *y = guarded(rows * sizeof(double));
  fill_bytes(w, rows * cols);
  if (specials)
    fill_values(x, cols, &pw[0]);
  else
    for (size_t i = 0; i < cols; i++)
      x[i] = uniform(-2, 2);
  expect_ok(affq_gemv_q8f64(w, pw, per_row, rows, cols, x, y, 0), "gemv_q8f64");
  record(y, rows * sizeof(double), per_row ? "gemv_q8f64 per row" : "gemv_q8f64 per tensor");
  free_guarded();
}

static void run_all(void) {
  rng = 0x9E3779B97F4A7C15ull; /* the same inputs on every path */
  case_no = 0;
  for (size_t n = 0; n <= 130; n++)
    run_conversions(n, n % 16, (n * 7) % 64);
  for (size_t off = 0; off < 64; off++)
    run_conversions(1000 + off, off % 16, off);
  run_conversions(65536 + 7, 3, 5);
  run_conversions((4u << 20) + 45, 1, 17); /* non-temporal paths, unaligned start */
  for (int per_row = 0; per_row < 2; per_row++)
    for (int specials = 0; specials < 2; specials++) {
      run_gemv(1, 1, per_row, specials);
      run_gemv(1, 0, per_row, specials);
      run_gemv(7, 33, per_row, specials);
      run_gemv(64, 257, per_row, specials);
      run_gemv(5, 1007, per_row, specials);
      run_gemv(33, 31, per_row, specials);
    }
}

int main(void) {
  const char *names = getenv("AFFQ_TEST_PATHS"), *all = affq_isa_names();
  char name[32];
  int ran = 0;
  if (names && strncmp(names, "scalar", 6)) {
    printf("AFFQ_TEST_PATHS must start with scalar, the reference\n");
    return 1;
  }
  for (const char *s = names ? names : all; sscanf(s, " %31s", name) == 1;
       s = strstr(s, name) + strlen(name)) {
    if (!affq_isa_supported(name)) {
      if (!names)
        continue;
      printf("path %s: not on this machine\n", name);
      return 1;
    }
    expect_ok(affq_isa_select(name), "select");
    path = name;
    recording = !strcmp(name, "scalar");
    checks = mismatches = 0;
    t_pos = 0;
    run_all();
    if (recording) {
      uint64_t h = 14695981039346656037ull; /* FNV-1a, compared across architectures */
      for (size_t i = 0; i < t_len; i++)
        h = (h ^ transcript[i]) * 1099511628211ull;
      printf("path scalar: reference (%ld outputs, %zu bytes, fnv1a %016llx)\n", checks, t_len,
             (unsigned long long)h);
    } else
      printf("path %s: %ld checks, %ld mismatches\n", name, checks, mismatches), ran++;
    if (mismatches)
      return 1;
  }
  if (ran)
    printf("all paths identical\n");
  return ran ? 0 : 1;
}
