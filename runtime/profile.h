/*
 * profile.h - calibration profiles: what an instrumented run saw stored into
 * each annotated array, and the ranges chosen from it.
 *
 * One implementation, compiled into three places, like the math:
 *   - the runtime, which records and writes profiles (profile_rt.c);
 *   - the plugin, which reads them for AFFQ_PROFILE_USE;
 *   - tools/affq-profdata, which merges and shows them.
 *
 * A value's histogram bin comes from its float bits: sign, 8 exponent bits
 * and the top 3 mantissa bits, so each bin spans at most 1/8 of its values'
 * magnitude, whatever the data's scale.  Bins are numbered in value order.
 *
 * The text format (docs/calibration.md):
 *   affq-profile 1
 *   array MODULE SYMBOL FILE:LINE SHAPE
 *   count N nan N inf N min HEXFLOAT max HEXFLOAT
 *   hist BIN COUNT          (one line per non-empty bin)
 *   end
 * Names are written with '%', space and control characters as %XX.
 */
#ifndef AFFQ_PROFILE_H
#define AFFQ_PROFILE_H

#include "affq.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define AFFQ_PROFILE_SCHEMA "affq-profile"
#define AFFQ_PROFILE_VERSION 1
#define AFFQ_PROFILE_BINS 4096 /* 2 signs x 256 exponents x 8 */

typedef struct {
  char module[128], symbol[128], file[256];
  unsigned line;
  char shape[64];    /* "4096" or "64x48" */
  uint64_t count;    /* every value stored, NaN and Inf included */
  uint64_t nan, inf;
  float min, max;    /* over the finite values; min > max when there are none */
  uint64_t hist[AFFQ_PROFILE_BINS]; /* finite values */
} affq_profile_entry;

typedef struct {
  affq_profile_entry **e;
  size_t n, cap;
} affq_profile;

/* Bins of finite values, in value order; and a bin's value interval. */
int affq_profile_bin(float x);
void affq_profile_bin_bounds(int bin, double *lo, double *hi);

void affq_profile_entry_init(affq_profile_entry *e);
/* Add n values to e (not thread-safe; the runtime merges per call). */
void affq_profile_entry_add(affq_profile_entry *e, const float *x, size_t n);
/* e += f (the same array). */
void affq_profile_entry_merge(affq_profile_entry *e, const affq_profile_entry *f);

/* A new entry in p (NULL when out of memory), and lookup by key. */
affq_profile_entry *affq_profile_add(affq_profile *p);
affq_profile_entry *affq_profile_find(const affq_profile *p, const char *module,
                                      const char *symbol, const char *file, unsigned line);
void affq_profile_free(affq_profile *p);

int affq_profile_write(const affq_profile *p, FILE *f);
/* Parse text[0..len).  Returns 0, or -1 with "line N: what" in err; on
 * a schema or version mismatch, -2 (err says which).  Everything the
 * format promises is checked: counts below 2^64 that add up, min and max
 * finite floats within the histogram's extreme bins. */
int affq_profile_parse(affq_profile *p, const char *text, size_t len, char *err, size_t err_size);
/* Read and parse a file; -1 also when it cannot be read.  A -1 error names
 * the file ("PATH:N: what", "cannot open profile 'PATH'"); a -2 does not. */
int affq_profile_read(affq_profile *p, const char *path, char *err, size_t err_size);
/* into += from: entries with the same key are added; a key with another
 * shape, an entry of from that breaks the format's invariants, or a sum
 * that would wrap 64 bits is an error (-1, err), and into is left as it
 * was for that entry. */
int affq_profile_merge(affq_profile *into, const affq_profile *from, char *err, size_t err_size);

/* Range methods. */
typedef enum {
  AFFQ_CALIB_MINMAX = 0,
  AFFQ_CALIB_PERCENTILE, /* [q(1 - p), q(p)] of the values, p in (50, 100] percent */
  AFFQ_CALIB_MSE,        /* the clipping with the least expected squared error */
  AFFQ_CALIB_KL          /* TensorRT's entropy calibration: min KL divergence, on |x| */
} affq_calib_method;
/* "minmax", "percentile:99.99", "mse", "kl": 0, or -1 for other text. */
int affq_calib_parse(const char *text, affq_calib_method *m, double *percent);
const char *affq_calib_name(affq_calib_method m);

/* The range [lo, hi] for e by method m, for codes of the given kind.
 * AFFQ_EEMPTY when e has no finite value. */
int affq_profile_range(const affq_profile_entry *e, affq_calib_method m, double percent, int bits,
                       int is_signed, affq_scheme scheme, float *lo, float *hi);

/* Add count values, spread evenly over [a, z], to the n linear bins of width
 * w that start at lo (a point, or w = 0: one bin).  The linear histograms of
 * the KL method and of the report come from the profile's bins this way. */
void affq_profile_spread(double a, double z, double count, double lo, double w, int n, double *h);

/* The expected total squared error of storing e's values with the codes for
 * [lo, hi]: s^2/12 per value inside the clip range, the distance to it
 * outside, each bin's values taken as spread evenly over the bin. */
double affq_profile_expected_sq_error(const affq_profile_entry *e, double lo, double hi, int bits,
                                      int is_signed, affq_scheme scheme);

/* ---- recording (runtime only; the pass emits calls of these) ----------- */

/* One annotated array's counters in an instrumented build: zero-initialized
 * by the pass, updated with relaxed atomics. */
typedef struct {
  uint64_t count, nan, inf;
  uint32_t min_inv_key, max_key; /* see profile_rt.c; 0: no finite value yet */
  uint64_t hist[AFFQ_PROFILE_BINS];
} affq_prof_counters;
#define AFFQ_PROF_COUNTERS_BYTES (32 + 8 * AFFQ_PROFILE_BINS)

/* What the pass registers for each array: its key and its counters. */
typedef struct {
  const char *module, *symbol, *file;
  uint32_t line;
  const char *shape;
  affq_prof_counters *counters;
} affq_prof_desc;

void affq_prof_register(const affq_prof_desc *descs, size_t n);
void affq_prof_value(affq_prof_counters *c, float v);
void affq_prof_values(affq_prof_counters *c, const float *x, size_t n);
void affq_prof_values_f64(affq_prof_counters *c, const double *x, size_t n);
void affq_prof_mapped(affq_prof_counters *c, const void *m, uint64_t len, int esize);
/* Write the profile now (path NULL: $AFFQ_PROFILE_FILE or default.affqprof);
 * it is also written at exit.  0, or -1 with a line on stderr. */
int affq_prof_write(const char *path);

#endif
