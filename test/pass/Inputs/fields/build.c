/* gives the field its memory, and reads it (multi-file.test); with
 * -DESCAPE the memory also goes to a function affq cannot follow, so the
 * field stays float in this file */
#include "weights.h"

#include <stdlib.h>

#ifdef ESCAPE
void consume(const float *p);
void consume(const float *p) { (void)p; }
#endif

void build(struct weights *m, int n) {
  m->n = n;
  m->w = malloc((size_t)n * sizeof(float));
  for (int i = 0; i < n; i++)
    m->w[i] = (float)i / (float)n;
#ifdef ESCAPE
  void (*volatile f)(const float *) = consume;
  f(m->w);
#endif
}

float sum(const struct weights *m) {
  float s = 0;
  for (int i = 0; i < m->n; i++)
    s += m->w[i];
  return s;
}
