/* registry.c - see registry.h. */
#include "registry.h"

#include <stdlib.h>

void affq_registry_add(affq_registry *r, const void *d, size_t size, size_t n,
                       void (*at_exit)(void)) {
  pthread_mutex_lock(&r->lock);
  if (!r->cap)
    atexit(at_exit);
  for (size_t i = 0; i < n; i++) {
    if (r->n == r->cap) {
      size_t cap = r->cap ? 2 * r->cap : 16;
      const void **grown = realloc(r->item, cap * sizeof *grown);
      if (!grown)
        break;
      r->item = grown, r->cap = cap;
    }
    r->item[r->n++] = (const char *)d + i * size;
  }
  pthread_mutex_unlock(&r->lock);
}
