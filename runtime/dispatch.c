/*
 * dispatch.c - choose the kernel path once, at first use.
 *
 * The best path the CPU has (cpuid through __builtin_cpu_supports, which
 * also checks that the OS saves the vector state; getauxval on AArch64), or
 * the one $AFFQ_ISA names.  A path the CPU lacks is never run: the table
 * stays unset, every dispatched call returns AFFQ_EISA, and one line on
 * stderr says why.  That is the difference between a clear error and SIGILL.
 */
#define _GNU_SOURCE
#include "kernels.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

typedef struct {
  const char *name;
  const affq_kernels *base; /* NULL: not built for this architecture */
  uint32_t (*dot)(const void *, const affq_qparams *, const void *, const affq_qparams *, size_t);
  int (*has)(void);
} isa_entry;

#if defined(__x86_64__) || defined(__i386__)
static int has_sse41(void) { return __builtin_cpu_supports("sse4.1"); }
static int has_avx2(void) { return __builtin_cpu_supports("avx2"); }
static int has_avxvnni(void) { return has_avx2() && __builtin_cpu_supports("avxvnni"); }
static int has_avx512(void) {
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl");
}
static int has_avx512vnni(void) { return has_avx512() && __builtin_cpu_supports("avx512vnni"); }
#endif
#if defined(__aarch64__)
static int has_neon(void) { return 1; } /* baseline on AArch64 */
static int has_neondot(void) { return (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0; }
#endif
static int always(void) { return 1; }

/* Worst to best; "auto" takes the last one the CPU has. */
static const isa_entry isas[] = {
    {"scalar", &affq_kernels_scalar, NULL, always},
#if defined(__x86_64__) || defined(__i386__)
    {"sse4", &affq_kernels_sse41, NULL, has_sse41},
    {"avx2", &affq_kernels_avx2, NULL, has_avx2},
    {"avx2vnni", &affq_kernels_avx2, affq_q8_q8_dot__avxvnni_u32, has_avxvnni},
    {"avx512", &affq_kernels_avx512, NULL, has_avx512},
    {"avx512vnni", &affq_kernels_avx512, affq_q8_q8_dot__avx512vnni_u64, has_avx512vnni},
    {"neon", NULL, NULL, NULL},
    {"neondot", NULL, NULL, NULL},
#elif defined(__aarch64__)
    {"sse4", NULL, NULL, NULL},
    {"avx2", NULL, NULL, NULL},
    {"avx2vnni", NULL, NULL, NULL},
    {"avx512", NULL, NULL, NULL},
    {"avx512vnni", NULL, NULL, NULL},
    {"neon", &affq_kernels_neon, NULL, has_neon},
    {"neondot", &affq_kernels_neon, affq_q8_q8_dot__neondot_u16, has_neondot},
#endif
};
enum { N_ISAS = sizeof isas / sizeof isas[0] };

static affq_kernels active;          /* the table in use */
static int active_err = AFFQ_EISA;   /* 0 once `active` is filled */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const isa_entry *find(const char *name) {
  for (int i = 0; i < N_ISAS; i++)
    if (!strcmp(isas[i].name, name))
      return &isas[i];
  return NULL;
}

static int usable(const isa_entry *e) { return e && e->base && e->has(); }

static void install(const isa_entry *e) {
  active = *e->base;
  active.name = e->name;
  if (e->dot)
    active.q8_q8_dot = e->dot;
  active_err = AFFQ_OK;
}

static void supported_list(char *buf, size_t size) {
  buf[0] = 0;
  for (int i = 0; i < N_ISAS; i++)
    if (usable(&isas[i]))
      snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? " " : "", isas[i].name);
}

static int select_path(const char *name, int from_env) {
  if (!name || !*name || !strcmp(name, "auto")) {
    for (int i = N_ISAS - 1; i >= 0; i--)
      if (usable(&isas[i])) {
        install(&isas[i]);
        return AFFQ_OK;
      }
    return AFFQ_EISA; /* not reached: scalar is always usable */
  }
  const isa_entry *e = find(name);
  if (usable(e)) {
    install(e);
    return AFFQ_OK;
  }
  if (from_env) {
    char list[128];
    supported_list(list, sizeof list);
    fprintf(stderr, "affq: error: AFFQ_ISA=%s %s (this machine has: %s)\n", name,
            e ? "is not supported by this CPU or build" : "is not a known path", list);
  }
  return AFFQ_EISA;
}

static void init_from_env(void) { active_err = select_path(getenv("AFFQ_ISA"), 1); }

const affq_kernels *affq_kernels_get(int *err) {
  pthread_once(&once, init_from_env);
  *err = active_err;
  return active_err ? NULL : &active;
}

const char *affq_isa_current(void) {
  int err;
  const affq_kernels *k = affq_kernels_get(&err);
  return k ? k->name : NULL;
}

int affq_isa_supported(const char *name) { return name && usable(find(name)); }

int affq_isa_select(const char *name) {
  pthread_once(&once, init_from_env);
  int err = select_path(name, 0);
  return err;
}

const char *affq_isa_names(void) { return "scalar sse4 avx2 avx2vnni avx512 avx512vnni neon neondot"; }
