/*
 * registry.h - the descriptors that the pass's constructors hand to the
 * runtime (calibration profiles, check-mode counters), kept until exit,
 * when a handler registered with atexit on the first one reads them.
 */
#ifndef AFFQ_REGISTRY_H
#define AFFQ_REGISTRY_H

#include <pthread.h>
#include <stddef.h>

typedef struct {
  pthread_mutex_t lock; /* held while adding, and while reading at exit */
  const void **item;
  size_t n, cap;
} affq_registry;
#define AFFQ_REGISTRY_INIT {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0}

/* Add n descriptors of `size` bytes each, from d.  The first call registers
 * at_exit.  A descriptor that finds no memory is dropped. */
void affq_registry_add(affq_registry *r, const void *d, size_t size, size_t n,
                       void (*at_exit)(void));

#endif
