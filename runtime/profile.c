/*
 * profile.c - calibration profiles: bins, the text format, merging, and the
 * range methods (minmax, percentile, MSE, KL).  See profile.h.
 */
#include "profile.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- bins ----------------------------------------------------------------- */

enum { HALF = AFFQ_PROFILE_BINS / 2, SHIFT = 20 };

static uint32_t bits_of(float x) {
  uint32_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}
static float float_of(uint32_t u) {
  float x;
  memcpy(&x, &u, sizeof x);
  return x;
}

int affq_profile_bin(float x) {
  uint32_t u = bits_of(x);
  int mag = (int)((u & 0x7fffffffu) >> SHIFT);
  return (u >> 31) ? HALF - 1 - mag : HALF + mag;
}

void affq_profile_bin_bounds(int bin, double *lo, double *hi) {
  int neg = bin < HALF, mag = neg ? HALF - 1 - bin : bin - HALF;
  double a = float_of((uint32_t)mag << SHIFT);
  double b = mag + 1 >= (0x7f800000 >> SHIFT) ? 3.4028234663852886e38 /* FLT_MAX */
                                              : float_of((uint32_t)(mag + 1) << SHIFT);
  *lo = neg ? -b : a;
  *hi = neg ? -a : b;
}

void affq_profile_entry_init(affq_profile_entry *e) {
  memset(e, 0, sizeof *e);
  e->min = INFINITY;
  e->max = -INFINITY;
}

void affq_profile_entry_add(affq_profile_entry *e, const float *x, size_t n) {
  for (size_t i = 0; i < n; i++) {
    float v = x[i];
    e->count++;
    if (v != v) {
      e->nan++;
    } else if (isinf(v)) {
      e->inf++;
    } else {
      e->hist[affq_profile_bin(v)]++;
      if (v < e->min)
        e->min = v;
      if (v > e->max)
        e->max = v;
    }
  }
}

void affq_profile_entry_merge(affq_profile_entry *e, const affq_profile_entry *f) {
  e->count += f->count;
  e->nan += f->nan;
  e->inf += f->inf;
  if (f->min < e->min)
    e->min = f->min;
  if (f->max > e->max)
    e->max = f->max;
  for (int b = 0; b < AFFQ_PROFILE_BINS; b++)
    e->hist[b] += f->hist[b];
}

/* ---- the set of entries ------------------------------------------------------ */

affq_profile_entry *affq_profile_add(affq_profile *p) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 8;
    affq_profile_entry **e = realloc(p->e, cap * sizeof *e);
    if (!e)
      return NULL;
    p->e = e, p->cap = cap;
  }
  affq_profile_entry *e = malloc(sizeof *e);
  if (!e)
    return NULL;
  affq_profile_entry_init(e);
  return p->e[p->n++] = e;
}

affq_profile_entry *affq_profile_find(const affq_profile *p, const char *module,
                                      const char *symbol, const char *file, unsigned line) {
  for (size_t i = 0; i < p->n; i++) {
    affq_profile_entry *e = p->e[i];
    if (!strcmp(e->module, module) && !strcmp(e->symbol, symbol) && !strcmp(e->file, file) &&
        e->line == line)
      return e;
  }
  return NULL;
}

void affq_profile_free(affq_profile *p) {
  for (size_t i = 0; i < p->n; i++)
    free(p->e[i]);
  free(p->e);
  p->e = NULL;
  p->n = p->cap = 0;
}

/* What breaks the format's invariants in e (docs/calibration.md), or NULL:
 * nan + inf <= count, the bins add up to the finite count, and min and max
 * are finite floats in the lowest and highest non-empty bins (inf and -inf
 * when there is no finite value).  Each sum is checked before it is made,
 * so no count wraps. */
static const char *entry_problem(const affq_profile_entry *e) {
  if (e->nan > e->count || e->inf > e->count - e->nan)
    return "the nan and inf counts add up to more than the count";
  uint64_t finite = e->count - e->nan - e->inf, sum = 0;
  int first = -1, last = -1;
  for (int b = 0; b < AFFQ_PROFILE_BINS; b++)
    if (e->hist[b]) {
      if (e->hist[b] > finite - sum)
        return "the histogram adds up to more than the finite count";
      sum += e->hist[b];
      first = first < 0 ? b : first, last = b;
    }
  if (sum != finite)
    return "the histogram does not add up to the finite count";
  if (!finite)
    return e->min == INFINITY && e->max == -INFINITY
               ? NULL
               : "no finite value, so min and max must be inf and -inf";
  if (!(fabsf(e->min) <= FLT_MAX && fabsf(e->max) <= FLT_MAX))
    return "min and max must be finite";
  if (e->min > e->max)
    return "min is above max";
  /* compared as numbers: -0.0 == 0.0, so a 0.0 min may head the -0.0 bin */
  double lo, hi;
  affq_profile_bin_bounds(first, &lo, &hi);
  if (!(e->min >= lo && e->min <= hi))
    return "min is not in the lowest bin of the histogram";
  affq_profile_bin_bounds(last, &lo, &hi);
  if (!(e->max >= lo && e->max <= hi))
    return "max is not in the highest bin of the histogram";
  return NULL;
}

/* 1 if e += f would wrap a count. */
static int merge_overflows(const affq_profile_entry *e, const affq_profile_entry *f) {
  int wraps = f->count > UINT64_MAX - e->count || f->nan > UINT64_MAX - e->nan ||
              f->inf > UINT64_MAX - e->inf;
  for (int b = 0; b < AFFQ_PROFILE_BINS && !wraps; b++)
    wraps = f->hist[b] > UINT64_MAX - e->hist[b];
  return wraps;
}

/* The entries of a profile by key (module, symbol, file, line), so that
 * merging hundreds of profiles is linear: open addressing, rebuilt for each
 * merge in O(entries). */
typedef struct {
  affq_profile_entry **slot;
  size_t cap; /* a power of two, at least twice the entries */
} key_index;

static uint64_t key_hash(const char *module, const char *symbol, const char *file, unsigned line) {
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  const char *parts[3] = {module, symbol, file};
  for (int k = 0; k < 3; k++) {
    for (const char *s = parts[k]; *s; s++)
      h = (h ^ (unsigned char)*s) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull; /* a separator no name holds */
  }
  return (h ^ line) * 1099511628211ull;
}

static int same_key(const affq_profile_entry *e, const affq_profile_entry *f) {
  return !strcmp(e->module, f->module) && !strcmp(e->symbol, f->symbol) &&
         !strcmp(e->file, f->file) && e->line == f->line;
}

/* The slot of f's key: its entry, or the empty slot where it goes. */
static affq_profile_entry **index_slot(key_index *x, const affq_profile_entry *f) {
  size_t i = key_hash(f->module, f->symbol, f->file, f->line) & (x->cap - 1);
  while (x->slot[i] && !same_key(x->slot[i], f))
    i = (i + 1) & (x->cap - 1);
  return &x->slot[i];
}

static int index_build(key_index *x, const affq_profile *p, size_t more) {
  x->cap = 16;
  while (x->cap < 2 * (p->n + more))
    x->cap *= 2;
  x->slot = calloc(x->cap, sizeof *x->slot);
  if (!x->slot)
    return -1;
  for (size_t i = 0; i < p->n; i++)
    *index_slot(x, p->e[i]) = p->e[i];
  return 0;
}

int affq_profile_merge(affq_profile *into, const affq_profile *from, char *err, size_t err_size) {
  key_index x;
  if (index_build(&x, into, from->n)) {
    snprintf(err, err_size, "out of memory");
    return -1;
  }
  int status = 0;
  for (size_t i = 0; i < from->n && !status; i++) {
    const affq_profile_entry *f = from->e[i];
    affq_profile_entry **slot = index_slot(&x, f), *e = *slot;
    if (e && strcmp(e->shape, f->shape)) {
      snprintf(err, err_size, "array %s (%s:%u) has shape %s in one profile and %s in the other",
               f->symbol, f->file, f->line, e->shape, f->shape);
      status = -1;
      break;
    }
    const char *why = entry_problem(f);
    if (!why && e && merge_overflows(e, f))
      why = "its counts overflow 64 bits when added up";
    if (why) {
      snprintf(err, err_size, "array %s (%s:%u): %s", f->symbol, f->file, f->line, why);
      status = -1;
      break;
    }
    if (!e) {
      e = affq_profile_add(into);
      if (!e) {
        snprintf(err, err_size, "out of memory");
        status = -1;
        break;
      }
      memcpy(e, f, sizeof *e);
      *slot = e;
      continue;
    }
    affq_profile_entry_merge(e, f);
  }
  free(x.slot);
  return status;
}

/* ---- text ------------------------------------------------------------------ */

static void put_name(FILE *f, const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c <= ' ' || c == '%' || c >= 0x7f)
      fprintf(f, "%%%02X", c);
    else
      fputc(c, f);
  }
}

/* Entries in key order: the same profiles give the same file, whatever the
 * order they were merged in. */
static int by_key(const void *x, const void *y) {
  const affq_profile_entry *a = *(affq_profile_entry *const *)x, *b = *(affq_profile_entry *const *)y;
  int c = strcmp(a->module, b->module);
  c = c ? c : strcmp(a->symbol, b->symbol);
  c = c ? c : strcmp(a->file, b->file);
  return c ? c : (a->line > b->line) - (a->line < b->line);
}

int affq_profile_write(const affq_profile *p, FILE *f) {
  affq_profile_entry **sorted = malloc((p->n ? p->n : 1) * sizeof *sorted);
  if (!sorted)
    return -1;
  if (p->n) {
    memcpy(sorted, p->e, p->n * sizeof *sorted);
    qsort(sorted, p->n, sizeof *sorted, by_key);
  }
  fprintf(f, "%s %d\n", AFFQ_PROFILE_SCHEMA, AFFQ_PROFILE_VERSION);
  for (size_t i = 0; i < p->n; i++) {
    const affq_profile_entry *e = sorted[i];
    fputs("array ", f);
    put_name(f, e->module);
    fputc(' ', f);
    put_name(f, e->symbol);
    fputc(' ', f);
    put_name(f, e->file);
    fprintf(f, ":%u ", e->line);
    put_name(f, e->shape);
    fprintf(f, "\ncount %llu nan %llu inf %llu min %a max %a\n", (unsigned long long)e->count,
            (unsigned long long)e->nan, (unsigned long long)e->inf, (double)e->min, (double)e->max);
    for (int b = 0; b < AFFQ_PROFILE_BINS; b++)
      if (e->hist[b])
        fprintf(f, "hist %d %llu\n", b, (unsigned long long)e->hist[b]);
    fputs("end\n", f);
  }
  free(sorted);
  return ferror(f) ? -1 : 0;
}

/* A cursor over the text, one line at a time; name: the file, for errors. */
typedef struct {
  const char *s, *end;
  const char *name;
  unsigned line;
  char buf[1024];
} cursor;

/* The next line into c->buf (0 at the end of the text; -1 if too long). */
static int next_line(cursor *c) {
  if (c->s >= c->end)
    return 0;
  const char *nl = memchr(c->s, '\n', (size_t)(c->end - c->s));
  size_t len = nl ? (size_t)(nl - c->s) : (size_t)(c->end - c->s);
  c->line++;
  if (len >= sizeof c->buf)
    return -1;
  memcpy(c->buf, c->s, len);
  c->buf[len] = 0;
  if (memchr(c->buf, 0, len))
    return -1;
  c->s += len + (nl ? 1 : 0);
  return 1;
}

/* Decode a %XX-escaped token of at most size - 1 bytes. */
static int get_name(const char *tok, char *out, size_t size) {
  size_t n = 0;
  for (const char *t = tok; *t; t++) {
    unsigned v = (unsigned char)*t;
    if (*t == '%') {
      if (sscanf(t + 1, "%2x", &v) != 1 || !t[1] || !t[2] || !v)
        return -1;
      t += 2;
    }
    if (n + 1 >= size)
      return -1;
    out[n++] = (char)v;
  }
  out[n] = 0;
  return 0;
}

/* Decimal digits only (strtoull alone takes "-1" as 2^64 - 1); -2 when the
 * number does not fit in 64 bits. */
static int parse_u64(const char *t, uint64_t *v) {
  char *end;
  if (!t || *t < '0' || *t > '9')
    return -1;
  errno = 0;
  unsigned long long x = strtoull(t, &end, 10);
  if (*end)
    return -1;
  if (errno == ERANGE)
    return -2;
  *v = x;
  return 0;
}

/* A float written as text: finite and within the float range, or +-inf
 * when inf_ok.  Read as a double and checked before the conversion (a
 * double beyond FLT_MAX has no float value: min -0x1p+200 became -inf). */
static int parse_float(const char *t, int inf_ok, float *v) {
  char *end;
  double d = strtod(t, &end);
  if (end == t || *end || !(fabs(d) <= FLT_MAX || (inf_ok && isinf(d))))
    return -1;
  *v = (float)d;
  return 0;
}

/* Split s at blanks, in place, into at most max tokens; returns how many
 * there were (max + 1 when there are more). */
static int split(char *s, char **tok, int max) {
  int n = 0;
  for (char *t = s; *t;) {
    while (*t == ' ' || *t == '\t' || *t == '\r')
      *t++ = 0;
    if (!*t)
      break;
    if (n == max)
      return max + 1;
    tok[n++] = t;
    while (*t && *t != ' ' && *t != '\t' && *t != '\r')
      t++;
  }
  return n;
}

/* "FILE:LINE: what" (the file being read), or "line LINE: what". */
static int bad(cursor *c, char *err, size_t size, const char *what) {
  if (c->name)
    snprintf(err, size, "%s:%u: %s", c->name, c->line, what);
  else
    snprintf(err, size, "line %u: %s", c->line, what);
  return -1;
}

/* "array ..." already in c->buf: the entry up to its "end". */
static int parse_entry(cursor *c, affq_profile_entry *e, char *err, size_t size) {
  char *tok[10];
  int n = split(c->buf, tok, 5);
  char *colon = n == 5 ? strrchr(tok[3], ':') : NULL;
  uint64_t line;
  if (!colon || parse_u64(colon + 1, &line) || line > 0xffffffffu)
    return bad(c, err, size, "expected: array MODULE SYMBOL FILE:LINE SHAPE");
  *colon = 0;
  e->line = (unsigned)line;
  if (get_name(tok[1], e->module, sizeof e->module) || get_name(tok[2], e->symbol, sizeof e->symbol) ||
      get_name(tok[3], e->file, sizeof e->file) || get_name(tok[4], e->shape, sizeof e->shape))
    return bad(c, err, size, "a name is too long or badly escaped");
  int r = next_line(c);
  const char *syntax = "expected: count N nan N inf N min X max X";
  if (r != 1 || split(c->buf, tok, 10) != 10 || strcmp(tok[0], "count") || strcmp(tok[2], "nan") ||
      strcmp(tok[4], "inf") || strcmp(tok[6], "min") || strcmp(tok[8], "max"))
    return bad(c, err, size, syntax);
  int rc = parse_u64(tok[1], &e->count), rn = parse_u64(tok[3], &e->nan),
      ri = parse_u64(tok[5], &e->inf);
  if (rc == -1 || rn == -1 || ri == -1)
    return bad(c, err, size, syntax);
  if (rc || rn || ri)
    return bad(c, err, size, "a count does not fit in 64 bits");
  if (e->nan > e->count || e->inf > e->count - e->nan)
    return bad(c, err, size, "the nan and inf counts add up to more than the count");
  uint64_t cnt = e->count, finite = 0;
  int none = cnt == e->nan + e->inf; /* no finite value: min inf, max -inf */
  char what[128];
  for (int k = 7; k <= 9; k += 2)
    if (parse_float(tok[k], none, k == 7 ? &e->min : &e->max)) {
      snprintf(what, sizeof what, "%s %.40s is not a %s", tok[k - 1], tok[k],
               none ? "number" : "finite float");
      return bad(c, err, size, what);
    }
  if (!none && e->min > e->max)
    return bad(c, err, size, "min is above max");
  while ((r = next_line(c)) == 1) {
    if (!strcmp(c->buf, "end")) {
      const char *why = entry_problem(e);
      return why ? bad(c, err, size, why) : 0;
    }
    uint64_t bin, hc;
    if (split(c->buf, tok, 3) != 3 || strcmp(tok[0], "hist") || parse_u64(tok[1], &bin) ||
        parse_u64(tok[2], &hc) || bin >= AFFQ_PROFILE_BINS || e->hist[bin] || !hc ||
        hc > cnt - finite)
      return bad(c, err, size, "expected: hist BIN COUNT, each bin once");
    e->hist[bin] = hc;
    finite += hc;
  }
  return bad(c, err, size, r < 0 ? "line too long" : "missing end");
}

/* affq_profile_parse, with the file's name in the errors when name is set. */
static int parse_named(affq_profile *p, const char *text, size_t len, const char *name, char *err,
                       size_t err_size) {
  cursor c = {.s = text, .end = text + len, .name = name};
  int r = next_line(&c), version = 0, used = 0;
  char schema[32];
  if (r != 1 || sscanf(c.buf, "%31s %d%n", schema, &version, &used) != 2 || c.buf[used] ||
      strcmp(schema, AFFQ_PROFILE_SCHEMA)) {
    snprintf(err, err_size, "not an affq profile (the first line must be '%s %d')",
             AFFQ_PROFILE_SCHEMA, AFFQ_PROFILE_VERSION);
    return -2;
  }
  if (version != AFFQ_PROFILE_VERSION) {
    snprintf(err, err_size, "profile version %d, this affq reads version %d", version,
             AFFQ_PROFILE_VERSION);
    return -2;
  }
  while ((r = next_line(&c)) == 1) {
    if (!c.buf[0] || c.buf[0] == '#')
      continue;
    if (strncmp(c.buf, "array ", 6))
      return bad(&c, err, err_size, "expected: array ...");
    affq_profile_entry *e = affq_profile_add(p);
    if (!e)
      return bad(&c, err, err_size, "out of memory");
    if (parse_entry(&c, e, err, err_size))
      return -1;
    if (affq_profile_find(p, e->module, e->symbol, e->file, e->line) != e)
      return bad(&c, err, err_size, "the same array twice");
  }
  return r < 0 ? bad(&c, err, err_size, "line too long") : 0;
}

int affq_profile_parse(affq_profile *p, const char *text, size_t len, char *err, size_t err_size) {
  return parse_named(p, text, len, NULL, err, err_size);
}

int affq_profile_read(affq_profile *p, const char *path, char *err, size_t err_size) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, err_size, "cannot open profile '%s'", path);
    return -1;
  }
  size_t cap = 1 << 16, len = 0;
  char *text = malloc(cap);
  size_t got;
  while (text && (got = fread(text + len, 1, cap - len, f)) > 0) {
    len += got;
    if (len == cap) {
      char *t = realloc(text, cap *= 2);
      if (!t)
        free(text);
      text = t;
    }
  }
  int rerr = ferror(f);
  fclose(f);
  if (!text || rerr) {
    free(text);
    snprintf(err, err_size, "cannot read profile '%s'", path);
    return -1;
  }
  int r = parse_named(p, text, len, path, err, err_size);
  free(text);
  return r;
}

/* ---- range methods --------------------------------------------------------------- */

int affq_calib_parse(const char *text, affq_calib_method *m, double *percent) {
  char *end;
  *percent = 99.99;
  if (!strcmp(text, "minmax"))
    *m = AFFQ_CALIB_MINMAX;
  else if (!strcmp(text, "mse"))
    *m = AFFQ_CALIB_MSE;
  else if (!strcmp(text, "kl") || !strcmp(text, "entropy"))
    *m = AFFQ_CALIB_KL;
  else if (!strcmp(text, "percentile"))
    *m = AFFQ_CALIB_PERCENTILE;
  else if (!strncmp(text, "percentile:", 11)) {
    *m = AFFQ_CALIB_PERCENTILE;
    *percent = strtod(text + 11, &end);
    if (!text[11] || *end || !(*percent > 50.0 && *percent <= 100.0))
      return -1;
  } else
    return -1;
  return 0;
}

const char *affq_calib_name(affq_calib_method m) {
  static const char *names[] = {"minmax", "percentile", "mse", "kl"};
  return m <= AFFQ_CALIB_KL ? names[m] : "?";
}

static uint64_t finite_count(const affq_profile_entry *e) { return e->count - e->nan - e->inf; }

/* The value below which a fraction q of the finite values lie (linear
 * within a bin), clipped to [min, max]. */
static double quantile(const affq_profile_entry *e, double q) {
  double target = q * (double)finite_count(e), seen = 0;
  for (int b = 0; b < AFFQ_PROFILE_BINS; b++) {
    if (!e->hist[b])
      continue;
    if (seen + (double)e->hist[b] >= target) {
      /* in min's or max's own bin, the extreme itself is the best guess */
      if (b == affq_profile_bin(e->min))
        return e->min;
      if (b == affq_profile_bin(e->max))
        return e->max;
      double lo, hi;
      affq_profile_bin_bounds(b, &lo, &hi);
      double v = lo + (hi - lo) * ((target - seen) / (double)e->hist[b]);
      return fmin(fmax(v, e->min), e->max);
    }
    seen += (double)e->hist[b];
  }
  return e->max;
}

/* Expected squared error of quantizing the histogram with the codes for
 * [lo, hi], taking each bin's values as spread evenly over the bin (within
 * [min, max]): s^2/12 for the part inside the clip range, and the squared
 * distance to it, integrated, for the parts outside. */
double affq_profile_expected_sq_error(const affq_profile_entry *e, double lo, double hi, int bits,
                                      int is_signed, affq_scheme scheme) {
  affq_qparams p;
  if (affq_choose_qparams((float)lo, (float)hi, bits, is_signed, scheme, &p))
    return INFINITY;
  double s = p.scale, clo = (double)(p.qmin - p.zero_point) * s,
         chi = (double)(p.qmax - p.zero_point) * s, total = 0;
  for (int b = 0; b < AFFQ_PROFILE_BINS; b++) {
    if (!e->hist[b])
      continue;
    double a, z, k = (double)e->hist[b];
    affq_profile_bin_bounds(b, &a, &z);
    a = fmax(a, e->min), z = fmin(z, e->max);
    if (!(z > a)) { /* all at one point */
      double d = a < clo ? a - clo : a > chi ? a - chi : 0;
      total += k * (d ? d * d : s * s / 12);
      continue;
    }
    double w = z - a, below = 0, above = 0, inside = w;
    if (a < clo) { /* integral of (clo - v)^2 over [a, min(z, clo)] */
      double t = fmin(z, clo);
      below = (pow(clo - a, 3) - pow(clo - t, 3)) / 3, inside -= t - a;
    }
    if (z > chi) { /* integral of (v - chi)^2 over [max(a, chi), z] */
      double t = fmax(a, chi);
      above = (pow(z - chi, 3) - pow(t - chi, 3)) / 3, inside -= z - t;
    }
    total += k / w * (below + above + fmax(inside, 0) * s * s / 12);
  }
  return total;
}

void affq_profile_spread(double a, double z, double count, double lo, double w, int n, double *h) {
  if (!(w > 0) || !(z > a)) { /* a point: one bin */
    double k = w > 0 ? (a - lo) / w : 0;
    h[(int)fmin(fmax(k, 0), n - 1)] += count;
    return;
  }
  for (int k = (int)fmin(fmax((a - lo) / w, 0), n); k < n && lo + k * w < z; k++) {
    double o = fmin(z, lo + (k + 1) * w) - fmax(a, lo + k * w);
    if (o > 0)
      h[k] += count * o / (z - a);
  }
}

/* TensorRT's entropy calibration on |x|: 2048 linear bins over [0, amax];
 * for each candidate threshold i (levels .. 2048 bins), the reference P is
 * the first i bins with the rest added to the last, Q is P squeezed into
 * `levels` levels and spread back over P's non-empty bins; the threshold
 * with the least KL(P || Q) wins. */
static double kl_threshold(const affq_profile_entry *e, int levels) {
  enum { N = 2048 };
  double amax = fmax(fabs((double)e->min), fabs((double)e->max));
  if (!(amax > 0))
    return 0;
  double h[N], p[N], q[N];
  memset(h, 0, sizeof h);
  double w = amax / N;
  for (int b = 0; b < AFFQ_PROFILE_BINS; b++) { /* spread each bin over the linear bins */
    double lo, hi;
    affq_profile_bin_bounds(b, &lo, &hi);
    /* exact zeros (the bins of +-0) are left out: 0 is always a code, and
     * a spike there would make every wide first level look bad */
    if (!e->hist[b] || fmax(fabs(lo), fabs(hi)) < 1e-30)
      continue;
    double a = fmin(fabs(lo), fabs(hi)), z = fmin(fmax(fabs(lo), fabs(hi)), amax);
    affq_profile_spread(a, z, (double)e->hist[b], 0.0, w, N, h);
  }
  double best = INFINITY;
  int best_i = N;
  for (int i = levels; i <= N; i++) {
    double outliers = 0, total = 0;
    for (int k = 0; k < N; k++)
      outliers += k >= i ? h[k] : 0;
    for (int k = 0; k < i; k++)
      p[k] = h[k] + (k == i - 1 ? outliers : 0), total += p[k];
    if (!(total > 0))
      continue;
    for (int g = 0; g < levels; g++) {
      int k0 = g * i / levels, k1 = (g + 1) * i / levels;
      double sum = 0;
      int nz = 0;
      for (int k = k0; k < k1; k++)
        sum += h[k], nz += h[k] > 0;
      for (int k = k0; k < k1; k++)
        q[k] = h[k] > 0 ? sum / nz : 0;
    }
    double qt = 0, kl = 0;
    for (int k = 0; k < i; k++)
      qt += q[k];
    for (int k = 0; k < i; k++)
      if (p[k] > 0)
        kl += (p[k] / total) * log((p[k] / total) / (q[k] > 0 ? q[k] / qt : 1e-12));
    if (kl < best)
      best = kl, best_i = i;
  }
  return (best_i + 0.5) * w;
}

int affq_profile_range(const affq_profile_entry *e, affq_calib_method m, double percent, int bits,
                       int is_signed, affq_scheme scheme, float *lo, float *hi) {
  if (!finite_count(e) || !(e->min <= e->max))
    return AFFQ_EEMPTY;
  double a = e->min, b = e->max;
  switch (m) {
  case AFFQ_CALIB_MINMAX:
    break;
  case AFFQ_CALIB_PERCENTILE:
    a = quantile(e, 1 - percent / 100), b = quantile(e, percent / 100);
    break;
  case AFFQ_CALIB_MSE: {
    double best = affq_profile_expected_sq_error(e, a, b, bits, is_signed, scheme), ba = a, bb = b;
    for (int k = 199; k >= 1; k--) { /* clip both ends by the same factor */
      double f = k / 200.0, err = affq_profile_expected_sq_error(e, a * f, b * f, bits, is_signed, scheme);
      if (err < best)
        best = err, ba = a * f, bb = b * f;
    }
    a = ba, b = bb;
    break;
  }
  case AFFQ_CALIB_KL: {
    int one_sided = e->min >= 0;
    double t = kl_threshold(e, 1 << (one_sided ? bits : bits - 1));
    a = one_sided ? e->min : fmax(-t, e->min);
    b = fmin(t, e->max);
    break;
  }
  default:
    return AFFQ_ESCHEME;
  }
  *lo = (float)a;
  *hi = (float)b;
  return AFFQ_OK;
}
