/*
 * affq-quant - quantize numbers by hand, the way the seed articles do, but
 * with affq's math: prints x, q, x', |x' - x| and APE for each value, then
 * s, z and the error statistics; or the same as one JSON object.
 *
 * Bad input gets one line "affq-quant: error: ..." and exit status 2.
 */
#include "affq.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Beyond this many values, the per-value table is left out (use
 * --output-codes to get every code). */
enum { MAX_TABLE_ROWS = 1000 };

static const char *usage_text =
    "usage: affq-quant [--bits B] [--signed|--unsigned] [--scheme affine|symmetric]\n"
    "                  [--range MIN MAX | --scale S --zero-point Z]\n"
    "                  [--input FILE [--raw]] [--output-codes FILE] [--json] [VALUES...]\n"
    "\n"
    "Quantizes VALUES (or the numbers in FILE) to B-bit codes with affq's math:\n"
    "  q = clamp(roundeven(x / s) + z, qmin, qmax),  x' = (q - z) * s\n"
    "Without --range or --scale, s and z are chosen from the data's min and max\n"
    "(as PyTorch's MinMaxObserver does).  Defaults: --bits 8 --signed --scheme affine.\n"
    "\n"
    "  --input FILE        numbers separated by spaces, commas or newlines ('#' starts\n"
    "                      a comment); with --raw, little-endian float32 values\n"
    "  --output-codes FILE write the codes as raw bytes (int8 or uint8)\n"
    "  --json              print one JSON object instead of the table\n";

static _Noreturn void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("affq-quant: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(2);
}

/* A float from a whole token, or die naming it. */
static float parse_float(const char *tok, const char *what) {
  char *end;
  errno = 0;
  float v = strtof(tok, &end);
  if (end == tok || *end)
    die("%s '%s' is not a number", what, tok);
  if (errno == ERANGE && isinf(v))
    die("%s '%s' is too large for a float", what, tok);
  return v;
}

static long parse_int(const char *tok, const char *what) {
  char *end;
  errno = 0;
  long v = strtol(tok, &end, 10);
  if (end == tok || *end || errno)
    die("%s '%s' is not an integer", what, tok);
  return v;
}

typedef struct {
  float *v;
  size_t n, cap;
} floats;

static void push(floats *f, float x) {
  if (f->n == f->cap) {
    f->cap = f->cap ? 2 * f->cap : 64;
    f->v = realloc(f->v, f->cap * sizeof *f->v);
    if (!f->v)
      die("out of memory");
  }
  f->v[f->n++] = x;
}

static void read_raw(const char *path, floats *out) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    die("cannot read '%s': %s", path, strerror(errno));
  unsigned char b[4];
  size_t got;
  while ((got = fread(b, 1, 4, fp)) == 4) {
    uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    float x;
    memcpy(&x, &u, sizeof x);
    push(out, x);
  }
  int bad = ferror(fp);
  fclose(fp);
  if (bad)
    die("cannot read '%s'", path);
  if (got)
    die("'%s' is %zu bytes, not a whole number of float32 values", path, out->n * 4 + got);
}

static void read_text(const char *path, floats *out) {
  FILE *fp = fopen(path, "r");
  if (!fp)
    die("cannot read '%s': %s", path, strerror(errno));
  char tok[128];
  size_t len = 0;
  int c, in_comment = 0;
  do {
    c = fgetc(fp);
    int sep = c == EOF || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '#';
    if (in_comment) {
      in_comment = c != '\n';
      continue;
    }
    if (sep) {
      if (len) {
        tok[len] = 0;
        push(out, parse_float(tok, "value"));
        len = 0;
      }
      in_comment = c == '#';
    } else if (len + 1 < sizeof tok) {
      tok[len++] = (char)c;
    } else {
      die("a token in '%s' is longer than %zu characters", path, sizeof tok - 1);
    }
  } while (c != EOF);
  int bad = ferror(fp);
  fclose(fp);
  if (bad)
    die("cannot read '%s'", path);
}

/* JSON has no NaN or Inf; write them as strings so nothing is lost. */
static void json_num(double v) {
  if (isnan(v))
    printf("\"NaN\"");
  else if (isinf(v))
    printf(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  else
    printf("%.9g", v);
}

typedef struct {
  int bits, is_signed, json, raw;
  affq_scheme scheme;
  int have_range, have_scale, have_zp;
  float range_min, range_max, scale;
  long zero_point;
  const char *input, *codes_out;
} cli;

static void parse_args(int argc, char **argv, cli *o, floats *values) {
  o->bits = 8;
  o->is_signed = 1;
  o->scheme = AFFQ_AFFINE;
  int only_values = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
#define NEED(k)                                                                                    \
  if (i + (k) >= argc)                                                                             \
  die("%s needs %d argument%s", a, k, (k) > 1 ? "s" : "")
    if (only_values || strncmp(a, "--", 2) != 0) {
      push(values, parse_float(a, "value"));
    } else if (!strcmp(a, "--")) {
      only_values = 1;
    } else if (!strcmp(a, "--help")) {
      fputs(usage_text, stdout);
      exit(0);
    } else if (!strcmp(a, "--version")) {
      printf("affq-quant %s\n", AFFQ_VERSION_STRING);
      exit(0);
    } else if (!strcmp(a, "--bits")) {
      NEED(1);
      long b = parse_int(argv[++i], "--bits");
      if (b < 2 || b > 8)
        die("--bits must be from 2 to 8, not %ld", b);
      o->bits = (int)b;
    } else if (!strcmp(a, "--signed")) {
      o->is_signed = 1;
    } else if (!strcmp(a, "--unsigned")) {
      o->is_signed = 0;
    } else if (!strcmp(a, "--scheme")) {
      NEED(1);
      const char *s = argv[++i];
      if (!strcmp(s, "affine"))
        o->scheme = AFFQ_AFFINE;
      else if (!strcmp(s, "symmetric"))
        o->scheme = AFFQ_SYMMETRIC;
      else
        die("--scheme must be affine or symmetric, not '%s'", s);
    } else if (!strcmp(a, "--range")) {
      NEED(2);
      o->range_min = parse_float(argv[++i], "--range MIN");
      o->range_max = parse_float(argv[++i], "--range MAX");
      o->have_range = 1;
    } else if (!strcmp(a, "--scale")) {
      NEED(1);
      o->scale = parse_float(argv[++i], "--scale");
      o->have_scale = 1;
    } else if (!strcmp(a, "--zero-point")) {
      NEED(1);
      o->zero_point = parse_int(argv[++i], "--zero-point");
      o->have_zp = 1;
    } else if (!strcmp(a, "--input")) {
      NEED(1);
      o->input = argv[++i];
    } else if (!strcmp(a, "--raw")) {
      o->raw = 1;
    } else if (!strcmp(a, "--output-codes")) {
      NEED(1);
      o->codes_out = argv[++i];
    } else if (!strcmp(a, "--json")) {
      o->json = 1;
    } else {
      die("unknown option '%s' (see --help)", a);
    }
#undef NEED
  }
  if (o->have_scale != o->have_zp)
    die("--scale and --zero-point go together");
  if (o->have_scale && o->have_range)
    die("give either --range or --scale/--zero-point, not both");
  if (o->raw && !o->input)
    die("--raw needs --input FILE");
  if (o->input && values->n)
    die("give values either on the command line or with --input, not both");
}

/* The parameters the command line asks for, or die saying why not. */
static affq_qparams choose(const cli *o, const floats *x, const char **origin) {
  affq_qparams p;
  int err;
  if (o->have_scale) {
    *origin = "given";
    if (!(o->scale > 0.0f) || !isfinite(o->scale))
      die("--scale must be finite and greater than 0, not %g", o->scale);
    long z = o->zero_point;
    err = z < INT32_MIN || z > INT32_MAX
              ? AFFQ_EZEROPOINT
              : affq_make_qparams(o->scale, (int32_t)z, o->bits, o->is_signed, &p);
    if (err == AFFQ_EZEROPOINT)
      die("--zero-point %ld is outside the code range of %s%d", z, o->is_signed ? "int" : "uint",
          o->bits);
  } else {
    float lo = o->range_min, hi = o->range_max;
    if (o->have_range) {
      *origin = "--range";
      if (!isfinite(lo) || !isfinite(hi))
        die("--range bounds must be finite");
      if (lo > hi)
        die("--range MIN (%g) is greater than MAX (%g)", lo, hi);
    } else {
      *origin = "data";
      size_t finite = 0;
      for (size_t i = 0; i < x->n; i++) {
        float v = x->v[i];
        if (isnan(v))
          continue;
        if (isinf(v))
          die("cannot choose a range from data holding %s; give --range or --scale",
              v > 0 ? "+Inf" : "-Inf");
        if (!finite++ || v < lo)
          lo = v;
        if (finite == 1 || v > hi)
          hi = v;
      }
      if (!finite)
        die("cannot choose a range: the data holds no finite value");
    }
    err = affq_choose_qparams(lo, hi, o->bits, o->is_signed, o->scheme, &p);
  }
  if (err)
    die("%s", affq_strerror(err));
  return p;
}

static void write_codes(const char *path, const int32_t *q, size_t n) {
  FILE *fp = fopen(path, "wb");
  if (!fp)
    die("cannot write '%s': %s", path, strerror(errno));
  for (size_t i = 0; i < n; i++)
    fputc((unsigned char)(q[i] & 0xff), fp);
  if (fclose(fp))
    die("cannot write '%s': %s", path, strerror(errno));
}

int main(int argc, char **argv) {
  cli o = {0};
  floats x = {0};
  parse_args(argc, argv, &o, &x);
  if (o.input)
    (o.raw ? read_raw : read_text)(o.input, &x);
  if (!x.n)
    die("no values to quantize (give VALUES or --input FILE)");

  const char *origin;
  affq_qparams p = choose(&o, &x, &origin);

  int32_t *q = malloc(x.n * sizeof *q);
  float *xd = malloc(x.n * sizeof *xd);
  if (!q || !xd)
    die("out of memory");
  for (size_t i = 0; i < x.n; i++) {
    q[i] = affq_quantize_value(x.v[i], &p);
    xd[i] = affq_dequantize_value(q[i], &p);
  }
  affq_error_stats st;
  affq_error_stats_f32(x.v, xd, x.n, &st);
  if (o.codes_out)
    write_codes(o.codes_out, q, x.n);

  const char *type = o.is_signed ? "int" : "uint";
  const char *scheme = o.have_scale ? "given" : o.scheme == AFFQ_SYMMETRIC ? "symmetric" : "affine";
  int table = x.n <= MAX_TABLE_ROWS;
  if (o.json) {
    printf("{\"bits\": %d, \"signed\": %s, \"scheme\": \"%s\", \"params_from\": \"%s\", "
           "\"qmin\": %d, \"qmax\": %d, \"scale\": ",
           o.bits, o.is_signed ? "true" : "false", scheme, origin, p.qmin, p.qmax);
    json_num(p.scale);
    printf(", \"scale_hex\": \"%a\", \"zero_point\": %d, \"count\": %zu", p.scale, p.zero_point,
           x.n);
    printf(", \"max_abs_error\": ");
    json_num(st.max_abs);
    printf(", \"mae\": ");
    json_num(st.mae);
    printf(", \"rmse\": ");
    json_num(st.rmse);
    printf(", \"sqnr_db\": ");
    json_num(st.sqnr_db);
    if (table) {
      printf(", \"values\": [");
      for (size_t i = 0; i < x.n; i++) {
        printf("%s{\"x\": ", i ? ", " : "");
        json_num(x.v[i]);
        printf(", \"q\": %d, \"x_dequant\": ", q[i]);
        json_num(xd[i]);
        printf(", \"abs_error\": ");
        json_num(affq_abs_error(x.v[i], xd[i]));
        printf(", \"ape_percent\": ");
        json_num(affq_abs_pct_error(x.v[i], xd[i]));
        printf("}");
      }
      printf("]");
    }
    printf("}\n");
  } else {
    if (table) {
      printf("%16s %6s %16s %14s %12s\n", "x", "q", "x'", "|x'-x|", "APE %");
      for (size_t i = 0; i < x.n; i++)
        printf("%16.9g %6d %16.9g %14.6g %12.6f\n", x.v[i], q[i], xd[i],
               affq_abs_error(x.v[i], xd[i]), affq_abs_pct_error(x.v[i], xd[i]));
    } else {
      printf("(%zu values: the per-value table is left out above %d; use --output-codes)\n", x.n,
             (int)MAX_TABLE_ROWS);
    }
    printf("\ncodes        %s%d [%d, %d], %s\n", type, o.bits, p.qmin, p.qmax, scheme);
    printf("scale s      %.9g (%a)\n", p.scale, p.scale);
    printf("zero point z %d\n", p.zero_point);
    printf("max |x'-x|   %.6g\n", st.max_abs);
    printf("MAE          %.6g\n", st.mae);
    printf("RMSE         %.6g\n", st.rmse);
    printf("SQNR         %.2f dB\n", st.sqnr_db);
  }
  free(q);
  free(xd);
  free(x.v);
  return 0;
}
