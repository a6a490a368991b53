/* For header-key.test: arrays defined in a header, written at run time (so
 * their range comes from a calibration profile), and included by two files
 * with other names: a static array, and a local of a static inline
 * function. */
#include "affq.h"

#ifndef TABLE_N /* another size in one file: two arrays under one name */
#define TABLE_N 16
#endif
AFFQ static float table[TABLE_N];

static inline void table_fill(float k) {
  for (int i = 0; i < TABLE_N; i++)
    table[i] = k * (float)(i - 4);
}

static inline float table_local(float k) {
  AFFQ float buf[8];
  for (int i = 0; i < 8; i++)
    buf[i] = k * (float)i;
  float s = 0;
  for (int i = 0; i < 8; i++)
    s += buf[i];
  return s;
}
