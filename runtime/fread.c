/*
 * fread.c - fread into an annotated array, for code the pass generates in
 * place of fread(p, size, n, stream) (lib/rewrite.c rewrite_fread).
 *
 * The bytes come in chunks through a small float buffer on the stack, and
 * each chunk's whole elements are quantized into the codes as they arrive
 * (affq_copy_bytes), so a large table read from a file never exists as
 * floats in full: the codes are the only copy.  A trailing partial element
 * (a byte count that is not whole elements) overlays the bytes of the
 * element the codes read as, as a memcpy of that length would.
 *
 * What the program sees is fread's: the same bytes are consumed from the
 * stream, in order, and the result is the number of whole items of `size`
 * bytes read, less than n at end of file or on an error (which the stream's
 * feof and ferror report, as fread leaves them).  The fortified form
 * (_FORTIFY_SOURCE's __fread_chk) passes the float view's buffer size and
 * fails as glibc's does when size * n exceeds it; others pass SIZE_MAX.
 */
#include "affq.h"
#include "check_rt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* 16 KiB: a few pages, so each chunk is one read from the FILE's buffer */
enum { CHUNK_BYTES = 16384 };

static size_t read_into_codes(void *codes, const affq_qparams *p, size_t size, size_t n,
                              void *stream, size_t ptrlen, affq_check_counters *check,
                              size_t esize) {
  size_t bytes;
  int wraps = __builtin_mul_overflow(size, n, &bytes); /* (fread's own size * n wraps too) */
  if (ptrlen != SIZE_MAX && (wraps || bytes > ptrlen)) { /* glibc's __fread_chk, and its message */
    fputs("*** buffer overflow detected ***: terminated\n", stderr);
    abort();
  }
  if (size == 0 || n == 0)
    return 0;
  _Alignas(64) unsigned char buf[CHUNK_BYTES];
  size_t done = 0; /* bytes read so far: a multiple of esize until the last chunk */
  while (done < bytes) {
    size_t want = bytes - done < CHUNK_BYTES ? bytes - done : CHUNK_BYTES;
    size_t got = fread(buf, 1, want, (FILE *)stream);
    if (check && got / esize)
      affq_check_values(check, p, buf, NULL, got / esize);
    unsigned char *at = (unsigned char *)codes + done / esize;
    if (esize == 8)
      affq_copy_bytes_f64(at, p, buf, NULL, got);
    else
      affq_copy_bytes(at, p, buf, NULL, got);
    done += got;
    if (got < want)
      break;
  }
  return done / size;
}

size_t affq_fread(void *codes, const affq_qparams *p, size_t size, size_t n, void *stream,
                  size_t ptrlen, void *check) {
  return read_into_codes(codes, p, size, n, stream, ptrlen, check, 4);
}

size_t affq_fread_f64(void *codes, const affq_qparams *p, size_t size, size_t n, void *stream,
                      size_t ptrlen, void *check) {
  return read_into_codes(codes, p, size, n, stream, ptrlen, check, 8);
}
