/*
 * affq-profdata - merge and show calibration profiles, the way
 * llvm-profdata merges and shows PGO profiles.
 *
 *   affq-profdata merge A B ... -o OUT     add the runs' profiles up
 *   affq-profdata show P [--calib M] [--bits B] [--unsigned] [--symmetric]
 *                                          a table: range, counts, parameters
 *
 * Bad input: one "affq-profdata: error:" line, exit status 2.
 */
#include "affq.h"
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(FILE *f) {
  fputs("usage: affq-profdata merge PROFILE... -o OUTPUT\n"
        "       affq-profdata show PROFILE [--calib minmax|percentile:P|mse|kl] [--bits N]\n"
        "                          [--unsigned] [--symmetric]\n",
        f);
  return f == stderr ? 2 : 0;
}

static int error(const char *what, const char *detail) {
  fprintf(stderr, "affq-profdata: error: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
  return 2;
}

/* affq_profile_read's errors name the file, except a schema or version
 * mismatch (-2). */
static int read_or_fail(affq_profile *p, const char *path) {
  char err[400];
  int r = affq_profile_read(p, path, err, sizeof err);
  return r == -2 ? error(path, err) : r ? error(err, NULL) : 0;
}

static int merge(int argc, char **argv) {
  const char *out = NULL;
  affq_profile all = {0};
  int inputs = 0, status = 0;
  char err[400];
  for (int i = 0; i < argc && !status; i++) {
    if (!strcmp(argv[i], "-o")) {
      if (i + 1 >= argc)
        return error("-o needs a file name", NULL);
      out = argv[++i];
      continue;
    }
    affq_profile one = {0};
    status = read_or_fail(&one, argv[i]);
    if (!status && affq_profile_merge(&all, &one, err, sizeof err))
      status = error(argv[i], err);
    affq_profile_free(&one);
    inputs++;
  }
  if (!status && (!out || !inputs))
    status = error(out ? "no input profiles" : "no output: give -o FILE", NULL);
  if (!status) {
    char tmp[1100];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "w");
    if (!f || affq_profile_write(&all, f) || fclose(f) || rename(tmp, out))
      status = error("cannot write", out);
  }
  affq_profile_free(&all);
  return status;
}

static int show(int argc, char **argv) {
  const char *path = NULL;
  affq_calib_method m = AFFQ_CALIB_MINMAX;
  double pct = 99.99;
  int bits = 8, is_signed = 1;
  affq_scheme scheme = AFFQ_AFFINE;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "--calib") && i + 1 < argc) {
      if (affq_calib_parse(argv[++i], &m, &pct))
        return error("--calib must be minmax, percentile:P, mse or kl, not", argv[i]);
    } else if (!strcmp(argv[i], "--bits") && i + 1 < argc) {
      bits = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--unsigned")) {
      is_signed = 0;
    } else if (!strcmp(argv[i], "--symmetric")) {
      scheme = AFFQ_SYMMETRIC;
    } else if (argv[i][0] == '-' || path) {
      return error("unexpected argument", argv[i]);
    } else {
      path = argv[i];
    }
  }
  if (!path)
    return error("show needs a profile", NULL);
  affq_profile p = {0};
  int status = read_or_fail(&p, path);
  if (!status)
    printf("%-16s %-20s %-9s %10s %5s %5s %12s %12s   %-28s %12s %5s\n", "array", "where", "shape",
           "count", "nan", "inf", "min", "max", m == AFFQ_CALIB_MINMAX ? "range (minmax)" : "range",
           "s", "z");
  for (size_t i = 0; !status && i < p.n; i++) {
    const affq_profile_entry *e = p.e[i];
    char where[300], range[64] = "-", sbuf[32] = "-", zbuf[16] = "-";
    snprintf(where, sizeof where, "%s:%u", e->file, e->line);
    float lo, hi;
    affq_qparams q;
    int r = affq_profile_range(e, m, pct, bits, is_signed, scheme, &lo, &hi);
    if (r == AFFQ_OK)
      r = affq_choose_qparams(lo, hi, bits, is_signed, scheme, &q);
    if (r == AFFQ_OK) {
      snprintf(range, sizeof range, "[%.6g, %.6g]", (double)lo, (double)hi);
      snprintf(sbuf, sizeof sbuf, "%.6g", (double)q.scale);
      snprintf(zbuf, sizeof zbuf, "%d", q.zero_point);
    } else if (r != AFFQ_EEMPTY) {
      status = error("cannot choose parameters", affq_strerror(r));
      break;
    }
    printf("%-16s %-20s %-9s %10llu %5llu %5llu %12.6g %12.6g   %-28s %12s %5s\n", e->symbol, where,
           e->shape, (unsigned long long)e->count, (unsigned long long)e->nan,
           (unsigned long long)e->inf, e->count > e->nan + e->inf ? (double)e->min : 0.0,
           e->count > e->nan + e->inf ? (double)e->max : 0.0, range, sbuf, zbuf);
  }
  affq_profile_free(&p);
  return status;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage(stderr);
  if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
    return usage(stdout);
  if (!strcmp(argv[1], "--version")) {
    printf("affq-profdata %s\n", AFFQ_VERSION_STRING);
    return 0;
  }
  if (!strcmp(argv[1], "merge"))
    return merge(argc - 2, argv + 2);
  if (!strcmp(argv[1], "show"))
    return show(argc - 2, argv + 2);
  return error("unknown command (merge or show)", argv[1]);
}
