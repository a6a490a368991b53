/*
 * mmap.c - a file's floats mapped into an annotated pointer, for code the
 * pass generates (lib/heap.c, lib/rewrite.c map_into_codes):
 *
 *   AFFQ_RANGE(-1, 1) float *w = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
 *
 * affq_mmap_codes maps the file as the program asked, allocates the codes
 * (one byte per element, from malloc), quantizes the mapping into them a
 * chunk at a time and unmaps each chunk once it is read, so the float
 * pages do not stay resident beside the codes: at no time are there more
 * than one chunk of them.  The program gets the codes, or MAP_FAILED with
 * errno set when the mapping or the allocation fails.  A length that ends
 * inside an element gives that element the bytes there are, over the
 * bytes of 0.0, as a memcpy of that length would.
 *
 * munmap(p, len) of the whole mapping frees the codes.  Unmapping a part of
 * it has no meaning for codes, so it stops the program with a message (the
 * pass cannot always tell which part a pointer names).  The live mappings
 * are kept in a small list for that check.
 */
#define _DEFAULT_SOURCE
#include "affq.h"
#include "check_rt.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* bytes quantized and unmapped at a time: a multiple of any page size */
enum { CHUNK_BYTES = 1 << 20 };

static struct live {
  void *codes;
  size_t len;
} *live;
static size_t n_live, cap_live;
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;

static int remember(void *codes, size_t len) {
  pthread_mutex_lock(&live_lock);
  int ok = 1;
  if (n_live == cap_live) {
    size_t cap = cap_live ? 2 * cap_live : 16;
    struct live *grown = realloc(live, cap * sizeof *live);
    if (grown)
      live = grown, cap_live = cap;
    else
      ok = 0;
  }
  if (ok)
    live[n_live++] = (struct live){codes, len};
  pthread_mutex_unlock(&live_lock);
  return ok;
}

void *affq_mmap_codes(void *addr, size_t len, int prot, int flags, int fd, int64_t off,
                      const affq_qparams *p, int esize, void *check) {
  unsigned char *m = mmap(addr, len, prot, flags, fd, (off_t)off);
  if (m == MAP_FAILED)
    return MAP_FAILED;
  size_t es = esize == 8 ? 8 : 4, n = len / es + (len % es != 0);
  unsigned char *codes = malloc(n ? n : 1);
  if (!codes || !remember(codes, len)) {
    free(codes);
    munmap(m, len);
    errno = ENOMEM;
    return MAP_FAILED;
  }
  if (len % es) /* the partial last element: its missing bytes are 0.0's */
    affq_fill_codes(codes + n - 1, p->zero_point, 1);
  for (size_t done = 0; done < len; done += CHUNK_BYTES) {
    size_t bytes = len - done < CHUNK_BYTES ? len - done : CHUNK_BYTES;
    if (check && bytes / es)
      affq_check_values(check, p, m + done, NULL, bytes / es);
    if (es == 8)
      affq_copy_bytes_f64(codes + done / es, p, m + done, NULL, bytes);
    else
      affq_copy_bytes(codes + done / es, p, m + done, NULL, bytes);
    munmap(m + done, bytes); /* these pages are codes now */
  }
  return codes;
}

int affq_munmap_codes(void *codes, size_t len) {
  pthread_mutex_lock(&live_lock);
  size_t k = 0;
  while (k < n_live && live[k].codes != codes)
    k++;
  int whole = k < n_live && live[k].len == len;
  if (whole)
    live[k] = live[--n_live];
  pthread_mutex_unlock(&live_lock);
  if (!whole) {
    fprintf(stderr, "affq: munmap(%p, %zu) unmaps a part of a quantized mapping, which affq keeps "
                    "as one block of codes; unmap the whole mapping, with the pointer and length "
                    "mmap gave\n", codes, len);
    abort();
  }
  free(codes);
  return 0;
}
