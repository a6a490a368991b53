/*
 * calibrate.c - the use build of profile-guided calibration
 * (AFFQ_PROFILE_USE=path, or affq<profile-use=path>): ranges for arrays
 * written at run time, from what an instrumented run saw stored into them.
 *
 * An array takes its range from the profile only when it has no other:
 * AFFQ_RANGE and a constant initializer win.  The method (minmax,
 * percentile, mse, kl) is the array's calib= option, or the module's.
 */
#include "affq_internal.h"
#include "profile.h"

#include <stdio.h>
#include <string.h>

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The translation unit's source file, by base name: the key's first field
 * in profiles written before issue 14 (still read, affq_calibrate). */
static void unit_name(LLVMModuleRef M, char *out, size_t size) {
  size_t len;
  const char *src = LLVMGetSourceFileName(M, &len);
  char module[512];
  snprintf(module, sizeof module, "%.*s", (int)len, src ? src : "");
  snprintf(out, size, "%s", base_name(module));
}

/* The key's first field is the file the array is declared in (the
 * annotation's own file), not the file being compiled: a header's array
 * has one key whichever file includes it, and keeps it when the includer
 * is renamed or preprocessed first (distcc compiles prog.i).  Only an
 * annotation without a file falls back on the translation unit. */
void affq_profile_key_of(LLVMModuleRef M, const affq_array *a, affq_profile_key *k) {
  memset(k, 0, sizeof *k);
  size_t len;
  snprintf(k->file, sizeof k->file, "%s", base_name(a->file));
  if (a->file[0] && strcmp(a->file, "<unknown>"))
    snprintf(k->module, sizeof k->module, "%s", k->file);
  else
    unit_name(M, k->module, sizeof k->module);
  if (a->function) { /* a local: its function's name, and the line tells which */
    const char *f = LLVMGetValueName2(a->function, &len);
    snprintf(k->symbol, sizeof k->symbol, "%.*s.local", (int)len, f);
  } else {
    const char *g = LLVMGetValueName2(a->storage, &len);
    snprintf(k->symbol, sizeof k->symbol, "%.*s", (int)len, g);
  }
  if (a->rows)
    snprintf(k->shape, sizeof k->shape, "%zux%zu", a->rows, a->cols);
  else
    snprintf(k->shape, sizeof k->shape, "%zu", a->count);
}

/* a's entry in p: by its key, else by the key profiles had before issue 14
 * (the translation unit's file first), so an older profile still works. */
static const affq_profile_entry *find_entry(LLVMModuleRef M, const affq_profile *p,
                                            const affq_array *a, const affq_profile_key *k) {
  const affq_profile_entry *e = affq_profile_find(p, k->module, k->symbol, k->file, a->line);
  char unit[sizeof k->module];
  unit_name(M, unit, sizeof unit);
  if (!e && strcmp(unit, k->module))
    e = affq_profile_find(p, unit, k->symbol, k->file, a->line);
  return e;
}

int affq_calibrate(LLVMModuleRef M, const affq_profile *p, affq_array *a, char *why, size_t size,
                   char *how, size_t how_size) {
  affq_profile_key k;
  affq_profile_key_of(M, a, &k);
  const affq_profile_entry *e = find_entry(M, p, a, &k);
  if (!e) {
    snprintf(why, size,
             "the profile has no entry for it (module %s, symbol %s, %s:%u); run the "
             "instrumented build again",
             k.module, k.symbol, k.file, a->line);
    return -1;
  }
  if (strcmp(e->shape, k.shape)) {
    snprintf(why, size, "the profile saw it with shape %s, and it now has shape %s (stale profile)",
             e->shape, k.shape);
    return -1;
  }
  float lo, hi;
  affq_calib_method m = (affq_calib_method)a->options.calib;
  if (affq_profile_range(e, m, a->options.calib_percent, a->options.bits, a->options.is_signed,
                         a->options.scheme, &lo, &hi)) {
    snprintf(why, size, "the profile saw no finite value stored into it (%llu values)",
             (unsigned long long)e->count);
    return -1;
  }
  a->has_range = 1;
  a->calibrated = e;
  a->lo = lo;
  a->hi = hi;
  if (!(a->lo < a->hi)) /* one value only: any range around it will do */
    a->lo = lo < 0 ? lo : 0.0, a->hi = lo < 0 ? 0.0 : (lo > 0 ? lo : 1.0);
  char method[48];
  if (m == AFFQ_CALIB_PERCENTILE)
    snprintf(method, sizeof method, "percentile %g", a->options.calib_percent);
  else
    snprintf(method, sizeof method, "%s", affq_calib_name(m));
  snprintf(how, how_size,
           "%s: range [%.6g, %.6g] from the profile (%s; %llu values seen, [%.6g, %.6g])", a->name,
           a->lo, a->hi, method, (unsigned long long)e->count, (double)e->min, (double)e->max);
  return 0;
}
