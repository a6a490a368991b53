// EXPECT: warning pointer in 'f' stays float: its memory comes from 'my_alloc', not from malloc, calloc, aligned_alloc or mmap
#include "affq.h"
float *my_alloc(int n); /* another translation unit */
float f(int n) {
  AFFQ_RANGE(-1, 1) float *p = my_alloc(n);
  p[0] = 0.5f;
  return p[0];
}
