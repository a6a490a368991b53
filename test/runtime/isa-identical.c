// Every kernel path this machine has gives results identical, bit for bit,
// to the scalar path, for:
//   - every length 0..130 and longer ones (up to 4 Mi + 45, which takes the
//     non-temporal store path with its alignment head), at every alignment
//     offset 0..63 bytes of inputs and outputs;
//   - NaN, +-Inf, -0.0, exact ties, values far outside the range (a NaN
//     result is the one canonical quiet NaN on every path);
//   - min/max with a signalling or quiet NaN as the last element of the
//     lane that holds the minimum or the maximum, at several lengths;
//   - int8 and uint8, bits 2..8, zero points at both ends of the code range;
//   - integer dots with -128 in both operands and sums that need the full
//     int32 range (+-2147450625), and one that wraps;
//   - GEMV/GEMM and the transposed GEMM, per tensor and per row, float and
//     dynamic modes.
// Every buffer ends at a PROT_NONE page, so a kernel that reads or writes
// past its end crashes the test.
// AFFQ_TEST_PATHS="scalar avx2 ...", when set, names the paths to run instead
// (scalar first, each one this machine has): test/runtime/Inputs/sanitized.sh
// passes lit's list, which can leave paths out to test as on a CPU without
// them.
//
// RUN: %cc %s -o %t %affq_rt
// RUN: %t | FileCheck %s
// CHECK: path scalar: reference
// CHECK: path {{sse4|avx2|avx512|neon}}{{.*}}: {{[0-9]+}} checks, 0 mismatches
// CHECK-NOT: mismatches [1-9]
// CHECK: all paths identical
#define _GNU_SOURCE
#include "affq.h"

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

/* `bytes` of memory whose last byte is the last byte before a PROT_NONE
 * page; returned pointer is misaligned by whatever (end alignment) gives. */
static void *guarded(size_t bytes) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  size_t body = (bytes + page - 1) / page * page;
  unsigned char *m = mmap(NULL, body + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
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

static uint64_t rng = 0x2545F4914F6CDD1Dull;
static uint32_t next32(void) {
  rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
  return (uint32_t)(rng >> 16);
}
static float uniform(float lo, float hi) { return lo + (hi - lo) * (float)(next32() % 1000001) / 1e6f; }

/* Values for params p: mostly in range, with every special kind mixed in. */
static void fill_values(float *x, size_t n, const affq_qparams *p) {
  float lo = (float)(p->qmin - p->zero_point) * p->scale, hi = (float)(p->qmax - p->zero_point) * p->scale;
  for (size_t i = 0; i < n; i++) {
    switch (next32() % 16) {
    case 0: x[i] = NAN; break;
    case 1: x[i] = (next32() & 1) ? INFINITY : -INFINITY; break;
    case 2: x[i] = (next32() & 1) ? -0.0f : 0.0f; break;
    case 3: x[i] = ((float)(int)(next32() % 200) - 100.0f + 0.5f) * p->scale; break; /* tie */
    case 4: x[i] = uniform(-3e38f, 3e38f); break;
    case 5: x[i] = uniform(lo - 10 * (hi - lo), hi + 10 * (hi - lo)); break;
    default: x[i] = uniform(lo, hi);
    }
  }
}

static void fill_codes(void *q, size_t n, int extremes) {
  for (size_t i = 0; i < n; i++)
    ((uint8_t *)q)[i] = extremes ? ((next32() & 1) ? 0x80 : 0x7f) : (uint8_t)next32();
}

static affq_qparams random_params(void) {
  affq_qparams p;
  int bits = 2 + (int)(next32() % 7), is_signed = next32() & 1;
  float a = uniform(-5, 5), b = uniform(-5, 5);
  affq_choose_qparams(fminf(a, b), fmaxf(a, b), bits, is_signed, (affq_scheme)(next32() & 1), &p);
  switch (next32() % 4) { /* zero point at either end of the code range */
  case 0: p.zero_point = p.qmin; break;
  case 1: p.zero_point = p.qmax; break;
  default: break;
  }
  return p;
}

/* ---- one run of every kernel, recording its outputs ------------------------ */
/* The scalar run records a transcript of output bytes; each other path replays
 * the same inputs and compares its output against the transcript. */

static unsigned char *transcript;
static size_t t_len, t_cap, t_pos;
static int recording;
static long checks, mismatches;
static const char *path;

static void record(const void *data, size_t bytes, const char *what) {
  checks++;
  if (!bytes) /* nothing to compare (n = 0); no arithmetic on a NULL transcript */
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

static void run_conversions(size_t n, size_t off_in, size_t off_out) {
  affq_qparams p = random_params(), p2 = random_params();
  float *x = guarded((n + off_in) * sizeof(float)) ;
  x += off_in;
  uint8_t *q = (uint8_t *)guarded(n + off_out) + off_out;
  uint8_t *q2 = guarded(n);
  float *xd = (float *)guarded((n + off_out) * sizeof(float)) + off_out;
  fill_values(x, n, &p);
  expect_ok(affq_quantize(x, q, n, &p), "quantize");
  record(q, n, "quantize");
  expect_ok(affq_dequantize(q, xd, n, &p), "dequantize");
  record(xd, n * sizeof(float), "dequantize");
  expect_ok(affq_requantize(q, &p, q2, &p2, n), "requantize");
  record(q2, n, "requantize");
  float mn = 0, mx = 0;
  int err = affq_minmax_f32(x, n, &mn, &mx);
  record(&err, sizeof err, "minmax status");
  record(&mn, sizeof mn, "minmax min");
  record(&mx, sizeof mx, "minmax max");
  affq_error_stats st;
  expect_ok(affq_quant_error_stats(x, q, n, &p, &st), "quant_error_stats");
  record(&st, sizeof st, "quant_error_stats");
  float dot;
  expect_ok(affq_dot_q8f32(q, &p, xd, n, &dot), "dot_q8f32");
  record(&dot, sizeof dot, "dot_q8f32");
  expect_ok(affq_dot_q8f32(q, &p, x, n, &dot), "dot_q8f32 with NaN/Inf in x");
  record(&dot, sizeof dot, "dot_q8f32 with NaN/Inf in x");
  int32_t idot;
  fill_codes(q2, n, next32() % 3 == 0);
  expect_ok(affq_dot_q8q8(q, &p, q2, &p2, n, &idot), "dot_q8q8");
  record(&idot, sizeof idot, "dot_q8q8");
  free_guarded();
}

/* Min and max with a NaN as the last element of one lane (element i goes to
 * lane i mod 32): signalling NaNs (0x7f800001, 0xff800001, 0x7fa00000) and
 * quiet ones (0x7fc00000, 0xffc00000).  Lane 5 holds the minimum and lane 9 the maximum, each as
 * the first element of its lane; the NaN is that lane's last element of the
 * vector loop, so a min/max that turns a NaN operand into a NaN result
 * (AArch64's fminnm/fmaxnm with a signalling NaN) loses the lane's extreme.
 * The lengths give the lane two or more elements in the vector loop, with
 * and without a tail.  Checked against the values, too: -5 and 7. */
static void run_minmax_nans(void) {
  static const uint32_t nans[] = {0x7f800001u, 0xff800001u, 0x7fa00000u, 0x7fc00000u, 0xffc00000u};
  static const size_t lengths[] = {64, 65, 95, 96, 127, 1000, 4096 + 7};
  for (size_t l = 0; l < sizeof lengths / sizeof lengths[0]; l++)
    for (size_t k = 0; k < sizeof nans / sizeof nans[0]; k++)
      for (int which = 0; which < 2; which++) { /* NaN last in the min's lane, or the max's */
        size_t n = lengths[l], lane = which ? 9 : 5;
        float *x = guarded(n * sizeof(float));
        for (size_t i = 0; i < n; i++)
          x[i] = (float)(i % 7) - 1.0f; /* -1 .. 5 */
        x[5] = -5.0f;
        x[9] = 7.0f;
        size_t full = n / 32 * 32; /* last element of `lane` in the vector loop */
        size_t last = full - 32 + lane; /* n >= 64: not the extreme itself */
        memcpy(&x[last], &nans[k], sizeof(float));
        float mn = 0, mx = 0;
        int err = affq_minmax_f32(x, n, &mn, &mx);
        record(&err, sizeof err, "minmax NaN-last status");
        record(&mn, sizeof mn, "minmax NaN-last min");
        record(&mx, sizeof mx, "minmax NaN-last max");
        if (err || mn != -5.0f || mx != 7.0f) {
          if (mismatches++ < 10)
            printf("minmax on %s, n = %zu, NaN %08x at %zu: %g %g, expected -5 7\n", path, n,
                   (unsigned)nans[k], last, mn, mx);
        }
        free_guarded();
      }
}

/* Sums that need the whole int32 range: 33025 * (+-255)^2 = +-2147450625. */
static void run_int32_extremes(void) {
  size_t n = 33025;
  affq_qparams ps, pu;
  affq_make_qparams(1.0f, 127, 8, 1, &ps); /* int8 -128 - 127 = -255 */
  affq_make_qparams(1.0f, 0, 8, 0, &pu);   /* uint8 255 - 0 = 255 */
  int8_t *a = guarded(n);
  uint8_t *b = guarded(n);
  memset(a, 0x80, n);
  memset(b, 255, n);
  int32_t r;
  expect_ok(affq_dot_q8q8(a, &ps, a, &ps, n, &r), "dot");
  record(&r, sizeof r, "int32 max");
  if (r != 2147450625)
    printf("dot of -128s on %s: %d, expected 2147450625\n", path, r), mismatches++;
  expect_ok(affq_dot_q8q8(a, &ps, b, &pu, n, &r), "dot");
  record(&r, sizeof r, "int32 min");
  if (r != -2147450625)
    printf("dot on %s: %d, expected -2147450625\n", path, r), mismatches++;
  free_guarded();
  n = 40000; /* wraps modulo 2^32, identically everywhere */
  a = guarded(n);
  memset(a, 0x80, n);
  expect_ok(affq_dot_q8q8(a, &ps, a, &ps, n, &r), "dot");
  record(&r, sizeof r, "int32 wrap");
  free_guarded();
}

static void run_products(size_t rows, size_t cols, size_t m, int per_row, int flags) {
  affq_qparams pw[64];
  for (size_t r = 0; r < rows; r++)
    pw[r] = random_params();
  if (!per_row) /* one set for all rows must still be valid for the first row's signedness */
    for (size_t r = 1; r < rows; r++)
      pw[r] = pw[0];
  else /* per-row params must agree in signedness: rows share one array */
    for (size_t r = 1; r < rows; r++)
      if ((pw[r].qmin < 0) != (pw[0].qmin < 0))
        pw[r] = pw[0];
  uint8_t *w = guarded(rows * cols);
  float *x = guarded(m * cols * sizeof(float));
  float *y = guarded(m * rows * sizeof(float));
  fill_codes(w, rows * cols, 0);
  for (size_t i = 0; i < m * cols; i++)
    x[i] = uniform(-2, 2);
  expect_ok(affq_gemm_q8f32(w, pw, per_row, rows, cols, x, m, y, flags), "gemm");
  record(y, m * rows * sizeof(float), flags ? "gemm dynamic" : "gemm float");
  expect_ok(affq_gemv_q8f32(w, pw, per_row, rows, cols, x, y, flags), "gemv");
  record(y, rows * sizeof(float), flags ? "gemv dynamic" : "gemv float");
  /* transposed: W is rows x cols read as K x N, x is m x rows, y m x cols */
  float *xt = guarded(m * rows * sizeof(float));
  float *yt = guarded(m * cols * sizeof(float));
  for (size_t i = 0; i < m * rows; i++)
    xt[i] = uniform(-2, 2);
  expect_ok(affq_gemm_t_q8f32(w, pw, per_row, rows, cols, xt, m, yt, flags), "gemm_t");
  record(yt, m * cols * sizeof(float), flags ? "gemm_t dynamic" : "gemm_t float");
  free_guarded();
}

static void run_all(void) {
  rng = 0x2545F4914F6CDD1Dull; /* the same inputs on every path */
  for (size_t n = 0; n <= 130; n++)
    run_conversions(n, n % 16, (n * 7) % 64);
  for (size_t off = 0; off < 64; off++)
    run_conversions(1000 + off, off % 16, off);
  run_conversions(65536 + 7, 3, 5);
  run_conversions((4u << 20) + 45, 1, 17); /* non-temporal path, unaligned start */
  run_int32_extremes();
  run_minmax_nans();
  for (int flags = 0; flags <= AFFQ_DYNAMIC; flags++)
    for (int per_row = 0; per_row < 2; per_row++) {
      run_products(1, 1, 1, per_row, flags);
      run_products(7, 33, 3, per_row, flags);
      run_products(64, 257, 17, per_row, flags);
      run_products(5, 1000, 64, per_row, flags);
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
      printf("path %s: not on this machine\n", name); /* a named path must run */
      return 1;
    }
    expect_ok(affq_isa_select(name), "select");
    path = name;
    recording = !strcmp(name, "scalar");
    checks = mismatches = 0;
    t_pos = 0;
    run_all();
    if (recording) {
      uint64_t h = 14695981039346656037ull; /* FNV-1a: equal hashes on two architectures */
      for (size_t i = 0; i < t_len; i++)   /* mean the same scalar results on both */
        h = (h ^ transcript[i]) * 1099511628211ull;
      printf("path scalar: reference (%ld outputs, %zu bytes, fnv1a %016llx)\n", checks, t_len,
             (unsigned long long)h);
    }
    else
      printf("path %s: %ld checks, %ld mismatches\n", name, checks, mismatches), ran++;
    if (mismatches)
      return 1;
  }
  if (ran)
    printf("all paths identical\n");
  return ran ? 0 : 1;
}
