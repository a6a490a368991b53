/*
 * profile_rt.c - recording a calibration profile in an instrumented build
 * (AFFQ_PROFILE_GENERATE), and writing it at exit.
 *
 * The pass gives each annotated array a zero-initialized affq_prof_counters
 * and registers a descriptor for it from a constructor.  Stores into the
 * array add values with relaxed atomics, so threads never lose a count; at
 * exit the counters become a profile written to $AFFQ_PROFILE_FILE
 * (default "default.affqprof", "%p" is the process id), through a temporary
 * file and a rename, so a reader never sees half a profile.
 */
#define _POSIX_C_SOURCE 200809L /* getpid */
#include "affq.h"
#include "profile.h"
#include "order_key.h"
#include "registry.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

_Static_assert(sizeof(affq_prof_counters) == AFFQ_PROF_COUNTERS_BYTES, "the pass's layout");


static void atomic_max_u32(uint32_t *p, uint32_t v) {
  uint32_t cur = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v > cur && !__atomic_compare_exchange_n(p, &cur, v, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    ;
}

/* Bulk records (a loop's stores, a memcpy) count into a local histogram
 * first and then add each non-empty bin once: one atomic per bin instead of
 * one per value (16 Mi values: 7.0 ns a value before, 2.75 after, on this project's Zen 5 VM). */
enum { LOCAL_FROM = 4096 };

void affq_prof_values(affq_prof_counters *c, const float *x, size_t n) {
  uint64_t nan = 0, inf = 0;
  uint32_t lo = 0, hi = 0; /* ~key of the least value, key of the largest; 0: none */
  uint64_t *local = n >= LOCAL_FROM ? calloc(AFFQ_PROFILE_BINS, sizeof *local) : NULL;
  for (size_t i = 0; i < n; i++) {
    float v = x[i];
    if (v != v) {
      nan++;
    } else if (v - v != 0.0f) {
      inf++;
    } else {
      int bin = affq_profile_bin(v);
      if (local)
        local[bin]++;
      else
        __atomic_fetch_add(&c->hist[bin], 1, __ATOMIC_RELAXED);
      uint32_t k = affq_order_key(v);
      lo = ~k > lo ? ~k : lo;
      hi = k > hi ? k : hi;
    }
  }
  for (int b = 0; local && b < AFFQ_PROFILE_BINS; b++)
    if (local[b])
      __atomic_fetch_add(&c->hist[b], local[b], __ATOMIC_RELAXED);
  free(local);
  __atomic_fetch_add(&c->count, n, __ATOMIC_RELAXED);
  if (nan)
    __atomic_fetch_add(&c->nan, nan, __ATOMIC_RELAXED);
  if (inf)
    __atomic_fetch_add(&c->inf, inf, __ATOMIC_RELAXED);
  if (hi) {
    atomic_max_u32(&c->min_inv_key, lo);
    atomic_max_u32(&c->max_key, hi);
  }
}

void affq_prof_value(affq_prof_counters *c, float v) { affq_prof_values(c, &v, 1); }

/* A double array's values, rounded to float (the profile keeps floats:
 * a range bound moves by at most half a float ulp, far below s / 2). */
void affq_prof_values_f64(affq_prof_counters *c, const double *x, size_t n) {
  float chunk[256];
  for (size_t i = 0; i < n; i += 256) {
    size_t m = n - i < 256 ? n - i : 256;
    for (size_t k = 0; k < m; k++)
      chunk[k] = (float)x[i + k];
    affq_prof_values(c, chunk, m);
  }
}

/* The floats (esize 4) or doubles (8) a successful mmap of len bytes gave
 * the program: every whole element (m is MAP_FAILED, (void *)-1, when the
 * mapping failed: nothing to record). */
void affq_prof_mapped(affq_prof_counters *c, const void *m, uint64_t len, int esize) {
  if (m == (const void *)(intptr_t)-1)
    return;
  if (esize == 8)
    affq_prof_values_f64(c, m, (size_t)(len / 8));
  else
    affq_prof_values(c, m, (size_t)(len / 4));
}

static affq_registry registered = AFFQ_REGISTRY_INIT;

static void write_at_exit(void) { affq_prof_write(NULL); }

void affq_prof_register(const affq_prof_desc *d, size_t n) {
  affq_registry_add(&registered, d, sizeof *d, n, write_at_exit);
}

/* path with each "%p" replaced by the process id */
static void expand(const char *path, char *out, size_t size) {
  size_t n = 0;
  for (const char *p = path; *p && n + 1 < size; p++) {
    if (p[0] == '%' && p[1] == 'p') {
      n += (size_t)snprintf(out + n, size - n, "%ld", (long)getpid());
      p++;
    } else {
      out[n++] = *p;
    }
    if (n >= size)
      n = size - 1;
  }
  out[n] = 0;
}

int affq_prof_write(const char *path) {
  const char *env = getenv("AFFQ_PROFILE_FILE");
  char file[1024], tmp[1100];
  expand(path ? path : env && *env ? env : "default.affqprof", file, sizeof file);
  affq_profile p = {0};
  int err = 0;
  pthread_mutex_lock(&registered.lock);
  for (size_t i = 0; i < registered.n && !err; i++) {
    const affq_prof_desc *d = registered.item[i];
    const affq_prof_counters *c = d->counters;
    /* a static array of a header has one key in every file that includes
     * it (lib/calibrate.c), and counters in each: one entry, their sum */
    affq_profile_entry *same = affq_profile_find(&p, d->module, d->symbol, d->file, d->line);
    affq_profile_entry *e = affq_profile_add(&p);
    if (!e) {
      err = AFFQ_ENOMEM;
      break;
    }
    snprintf(e->module, sizeof e->module, "%s", d->module);
    snprintf(e->symbol, sizeof e->symbol, "%s", d->symbol);
    snprintf(e->file, sizeof e->file, "%s", d->file);
    snprintf(e->shape, sizeof e->shape, "%s", d->shape);
    e->line = d->line;
    e->count = __atomic_load_n(&c->count, __ATOMIC_RELAXED);
    e->nan = __atomic_load_n(&c->nan, __ATOMIC_RELAXED);
    e->inf = __atomic_load_n(&c->inf, __ATOMIC_RELAXED);
    uint32_t lo = __atomic_load_n(&c->min_inv_key, __ATOMIC_RELAXED);
    uint32_t hi = __atomic_load_n(&c->max_key, __ATOMIC_RELAXED);
    if (hi) {
      e->min = affq_from_order_key(~lo);
      e->max = affq_from_order_key(hi);
    }
    uint64_t finite = 0;
    for (int b = 0; b < AFFQ_PROFILE_BINS; b++)
      finite += e->hist[b] = __atomic_load_n(&c->hist[b], __ATOMIC_RELAXED);
    /* a thread still storing at exit may have counted a value in one field
     * and not yet in another: the count is made from the parts, so the
     * profile always adds up (the reader checks that it does) */
    e->count = finite + e->nan + e->inf;
    if (same && !strcmp(same->shape, e->shape))
      affq_profile_entry_merge(same, e);
    else if (same) /* one name, two arrays: the profile could not be read */
      fprintf(stderr, "affq: the profile keeps one of the arrays %s (%s:%u): shapes %s and %s\n",
              d->symbol, d->file, d->line, same->shape, e->shape);
    if (same)
      free(p.e[--p.n]);
  }
  pthread_mutex_unlock(&registered.lock);
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld", file, (long)getpid());
  FILE *f = err ? NULL : fopen(tmp, "w");
  if (!err && (!f || affq_profile_write(&p, f)))
    err = AFFQ_ENULL;
  if (f && fclose(f))
    err = AFFQ_ENULL;
  if (!err && rename(tmp, file))
    err = AFFQ_ENULL;
  if (err) {
    fprintf(stderr, "affq: cannot write the profile '%s'\n", file);
    remove(tmp);
  }
  affq_profile_free(&p);
  return err ? -1 : 0;
}
