/*
 * fuzz_profile.c - libFuzzer harness for the calibration profile reader
 * (runtime/profile.c), which the plugin runs on whatever file
 * AFFQ_PROFILE_USE names: any bytes must parse or be rejected with a
 * message, never crash or read out of bounds; what parses must write back
 * as text that parses to the same profile (entries are written in key
 * order, so each is found by its key); and every range method must give
 * a finite lo <= hi, or say the entry has no finite value.
 */
#define _GNU_SOURCE /* open_memstream */
#include "profile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  affq_profile p = {0}, back = {0};
  char err[256] = "";
  int r = affq_profile_parse(&p, (const char *)data, size, err, sizeof err);
  if (r && !err[0])
    abort(); /* a rejection must say why */
  if (!r) {
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f || affq_profile_write(&p, f) || fclose(f))
      abort();
    if (affq_profile_parse(&back, text, len, err, sizeof err) || back.n != p.n)
      abort(); /* what was read must write back readably */
    for (size_t i = 0; i < p.n; i++) {
      const affq_profile_entry *e = p.e[i];
      const affq_profile_entry *b = affq_profile_find(&back, e->module, e->symbol, e->file, e->line);
      if (!b || memcmp(e, b, sizeof *e))
        abort();
    }
    for (size_t i = 0; i < p.n; i++)
      for (int m = AFFQ_CALIB_MINMAX; m <= AFFQ_CALIB_KL; m++) {
        float lo, hi;
        int e = affq_profile_range(p.e[i], (affq_calib_method)m, 99.9, 8, 1, AFFQ_AFFINE, &lo, &hi);
        if (e == AFFQ_OK && !(isfinite(lo) && isfinite(hi) && lo <= hi))
          abort();
      }
    free(text);
  }
  affq_profile_free(&p);
  affq_profile_free(&back);
  return 0;
}
