/*
 * check_rt.c - the check mode's runtime (lib/check.c is the pass's side):
 * counts of the values quantized into each array, and one warning per
 * array at exit when any clamped or was NaN:
 *
 *   affq: warning: 'y' (prog.c:12): 997 of 1000 stored values were outside
 *   [0, 1] (min -3, max 501) and were clamped
 *
 * Functions add their local counts once, with relaxed atomics (threads
 * never lose a count); copies count their source here, in bulk.
 */
#include "affq.h"
#include "qmath.h"
#include "order_key.h"
#include "registry.h"
#include "check_rt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *name, *file;
  uint32_t line;
  float scale;
  int32_t zero_point, qmin, qmax;
  affq_check_counters *c;
} affq_check_desc;
_Static_assert(sizeof(affq_check_desc) == 48, "the pass's layout");


static void atomic_min(uint64_t *p, uint64_t v) {
  uint64_t cur = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v < cur && !__atomic_compare_exchange_n(p, &cur, v, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    ;
}
static void atomic_max(uint64_t *p, uint64_t v) {
  uint64_t cur = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (v > cur && !__atomic_compare_exchange_n(p, &cur, v, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    ;
}

void affq_check_flush(affq_check_counters *c, uint64_t n, uint64_t below, uint64_t above,
                      uint64_t nan, uint32_t min_key, uint32_t max_key) {
  if (!n)
    return;
  __atomic_fetch_add(&c->n, n, __ATOMIC_RELAXED);
  if (below)
    __atomic_fetch_add(&c->below, below, __ATOMIC_RELAXED);
  if (above)
    __atomic_fetch_add(&c->above, above, __ATOMIC_RELAXED);
  if (nan)
    __atomic_fetch_add(&c->nan, nan, __ATOMIC_RELAXED);
  if (max_key) { /* some value was not NaN */
    atomic_min(&c->min_key, min_key);
    atomic_max(&c->max_key, max_key);
  }
}

/* Count x, `times` times, into k (1: clamped below, 2: above, 3: NaN)
 * and the least and largest key. */
static void count(const affq_qparams *pd, float x, uint64_t times, uint64_t k[4], uint32_t *lo,
                  uint32_t *hi) {
  if (x != x) {
    k[3] += times;
    return;
  }
  int clamps = affq_qmath_clamps(x, pd->scale, pd->zero_point, pd->qmin, pd->qmax);
  if (clamps)
    k[clamps < 0 ? 1 : 2] += times;
  uint32_t key = affq_order_key(x);
  *lo = key < *lo ? key : *lo;
  *hi = key > *hi ? key : *hi;
}

void affq_check_values(affq_check_counters *c, const affq_qparams *pd, const void *src,
                       const affq_qparams *ps, uint64_t n) {
  uint64_t k[4] = {0};
  uint32_t lo = 0xffffffffu, hi = 0;
  for (uint64_t i = 0; i < n; i++) {
    float x;
    if (ps) /* the codes of another array: the floats they read as */
      x = affq_qmath_dequantize(affq_qmath_code_at(src, i, ps->qmin < 0), ps->scale,
                                ps->zero_point);
    else
      memcpy(&x, (const char *)src + 4 * i, sizeof x);
    count(pd, x, 1, k, &lo, &hi);
  }
  affq_check_flush(c, n, k[1], k[2], k[3], lo, hi);
}

void affq_check_fill(affq_check_counters *c, const affq_qparams *pd, int byte, uint64_t nbytes) {
  uint64_t k[4] = {0}, n = nbytes / 4;
  uint32_t lo = 0xffffffffu, hi = 0, bits = 0x01010101u * (unsigned char)byte;
  float x;
  memcpy(&x, &bits, sizeof x);
  if (!n)
    return;
  count(pd, x, n, k, &lo, &hi);
  affq_check_flush(c, n, k[1], k[2], k[3], lo, hi);
}

static affq_registry registered = AFFQ_REGISTRY_INIT;

static void report_at_exit(void) {
  pthread_mutex_lock(&registered.lock);
  for (size_t i = 0; i < registered.n; i++) {
    const affq_check_desc *d = registered.item[i];
    const affq_check_counters *c = d->c;
    uint64_t n = __atomic_load_n(&c->n, __ATOMIC_RELAXED);
    uint64_t out = __atomic_load_n(&c->below, __ATOMIC_RELAXED) +
                   __atomic_load_n(&c->above, __ATOMIC_RELAXED);
    uint64_t nan = __atomic_load_n(&c->nan, __ATOMIC_RELAXED);
    if (!out && !nan)
      continue;
    float lo = (float)(d->qmin - d->zero_point) * d->scale,
          hi = (float)(d->qmax - d->zero_point) * d->scale;
    uint64_t kmax = __atomic_load_n(&c->max_key, __ATOMIC_RELAXED);
    char minmax[96] = "";
    if (kmax)
      snprintf(minmax, sizeof minmax, " (min %g, max %g)",
               affq_from_order_key((uint32_t)__atomic_load_n(&c->min_key, __ATOMIC_RELAXED)),
               affq_from_order_key((uint32_t)kmax));
    fprintf(stderr, "affq: warning: %s (%s:%u): ", d->name, d->file, d->line);
    if (out)
      fprintf(stderr, "%llu of %llu stored values were outside [%g, %g]%s and were clamped",
              (unsigned long long)out, (unsigned long long)n, lo, hi, minmax);
    if (out && nan)
      fprintf(stderr, "; ");
    if (nan)
      fprintf(stderr, "%llu of %llu stored values were NaN and were stored as 0",
              (unsigned long long)nan, (unsigned long long)n);
    fprintf(stderr, "\n");
  }
  pthread_mutex_unlock(&registered.lock);
}

void affq_check_register(const affq_check_desc *d, size_t n) {
  affq_registry_add(&registered, d, sizeof *d, n, report_at_exit);
}
