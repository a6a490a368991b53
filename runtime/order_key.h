/*
 * order_key.h - a float as an unsigned key in the same order: -inf < ... <
 * -0 < +0 < ... < +inf, so that the least and largest value seen can be kept
 * with integer min/max (atomics in profiles, vector reductions in the check
 * mode, whose inline form in lib/check.c computes the same key).
 */
#ifndef AFFQ_ORDER_KEY_H
#define AFFQ_ORDER_KEY_H

#include <stdint.h>
#include <string.h>

static inline uint32_t affq_order_key(float v) {
  uint32_t u;
  memcpy(&u, &v, sizeof u);
  return (u & 0x80000000u) ? ~u : u | 0x80000000u;
}

static inline float affq_from_order_key(uint32_t k) {
  uint32_t u = (k & 0x80000000u) ? k & 0x7fffffffu : ~k;
  float v;
  memcpy(&v, &u, sizeof v);
  return v;
}

#endif
