/*
 * check_rt.h - the check mode's per-array counters, as the pass lays them
 * out (lib/check.c), for the runtime files that count values in bulk:
 * check_rt.c, and fread.c for the values it quantizes on the way in.
 */
#ifndef AFFQ_CHECK_RT_H
#define AFFQ_CHECK_RT_H

#include "affq.h"

#include <stdint.h>

typedef struct {
  uint64_t n, below, above, nan;
  uint64_t min_key; /* least order key seen (0xffffffff: none) */
  uint64_t max_key; /* largest (0: none) */
} affq_check_counters;

/* n floats at src (ps NULL), or the floats the codes at src read as (ps),
 * quantized into an array with parameters pd: counted into c. */
void affq_check_values(affq_check_counters *c, const affq_qparams *pd, const void *src,
                       const affq_qparams *ps, uint64_t n);

#endif
