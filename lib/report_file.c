/*
 * report_file.c - where a module's report goes, and writing it whole.
 *
 * report=PATH (affq<report=PATH>, AFFQ_OPTIONS, AFFQ_REPORT, affq-cc
 * -faffq-report=PATH) names either
 *   - a file: every compile writes that one file, the last one wins; or
 *   - a directory, when PATH ends in '/' or names an existing directory:
 *     each translation unit writes its own DIR/BASE.HASH.json, BASE the
 *     source file's base name and HASH a short hash of its full path, so
 *     the two util.c of src/a and src/b do not overwrite each other.  The
 *     directory is created if it is missing (one level: its parent must
 *     exist), as parallel compiles of a fresh build all try to at once.
 *
 * Either way the text goes to a temporary file beside the target, renamed
 * over it once complete, so `make -j` compiles racing for one name leave
 * one whole report, never a torn one, and a reader never sees half a file.
 */
#define _POSIX_C_SOURCE 200809L /* getcwd, getpid, mkdir, realpath, stat */
#include "affq_internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_directory(const char *path) {
  struct stat st;
  size_t n = strlen(path);
  return (n && path[n - 1] == '/') || (!stat(path, &st) && S_ISDIR(st.st_mode));
}

/* FNV-1a, 32 bits: enough to tell a project's source files apart by path,
 * short enough to read in a file name. */
static unsigned hash32(const char *s) {
  unsigned h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* The module's source file as an absolute path: resolved when it exists
 * (so "../x/util.c" from one directory and "util.c" from x/ are one file),
 * else joined to the working directory; the path as given if neither
 * works. */
static void full_path(const char *module, char *out, size_t size) {
  char resolved[PATH_MAX], cwd[PATH_MAX];
  if (realpath(module, resolved))
    snprintf(out, size, "%s", resolved);
  else if (module[0] != '/' && getcwd(cwd, sizeof cwd))
    snprintf(out, size, "%s/%s", cwd, module);
  else
    snprintf(out, size, "%s", module);
}

/* "DIR/BASE.HASH.json" for the module: BASE keeps only characters that
 * are safe in a file name on any system (others become '_'). */
static void file_in(const char *dir, const char *module, char *out, size_t size) {
  char full[PATH_MAX + 1], base[128];
  full_path(module, full, sizeof full);
  const char *slash = strrchr(module, '/');
  const char *b = slash ? slash + 1 : module;
  size_t n = 0;
  for (; *b && n + 1 < sizeof base; b++)
    base[n++] = (*b >= 'a' && *b <= 'z') || (*b >= 'A' && *b <= 'Z') || (*b >= '0' && *b <= '9') ||
                        *b == '.' || *b == '_' || *b == '-' || *b == '+'
                    ? *b
                    : '_';
  base[n] = 0;
  size_t d = strlen(dir);
  snprintf(out, size, "%s%s%s.%08x.json", dir, d && dir[d - 1] == '/' ? "" : "/",
           n && strcmp(base, "-") ? base : "module", hash32(full));
}

/* text to file, through a temporary file renamed over it. */
static int write_whole(const char *file, const char *text, char *err, size_t err_size) {
  static unsigned seq; /* several modules of one process (threads) */
  char tmp[PATH_MAX + 64];
  snprintf(tmp, sizeof tmp, "%s.tmp.%ld.%u", file, (long)getpid(),
           __atomic_fetch_add(&seq, 1, __ATOMIC_RELAXED));
  FILE *f = fopen(tmp, "w");
  int bad = !f || fputs(text, f) < 0;
  int saved = errno;
  if (f && fclose(f) && !bad)
    bad = 1, saved = errno;
  if (!bad && rename(tmp, file))
    bad = 1, saved = errno;
  if (bad) {
    snprintf(err, err_size, "affq: cannot write the report '%s': %s", file, strerror(saved));
    remove(tmp);
  }
  return bad ? -1 : 0;
}

int affq_report_write(const char *path, const char *module, const char *text, char *file,
                      size_t file_size, char *err, size_t err_size) {
  snprintf(file, file_size, "%s", path);
  if (!*path) {
    snprintf(err, err_size, "affq: the report has no path");
    return -1;
  }
  if (is_directory(path)) {
    if (mkdir(path, 0777) && errno != EEXIST) { /* EEXIST: made by a parallel compile */
      snprintf(err, err_size, "affq: cannot create the report directory '%s': %s", path,
               strerror(errno));
      return -1;
    }
    file_in(path, module, file, file_size);
  }
  return write_whole(file, text, err, err_size);
}
