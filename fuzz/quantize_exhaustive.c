/*
 * quantize_exhaustive.c - every float32 bit pattern (all 2^32 of them)
 * through affq_quantize on each vector path, against the scalar definition
 * (runtime/qmath.h's affq_qmath_quantize, element by element), for a sample
 * of scales.  It checks the division-free quantize of kernels_vec.inc
 * (quantize_block_fast; proof in docs/math.md, "Quantize without dividing")
 * exhaustively, as the sampled lit test test/runtime/quantize-fast.c cannot.
 *
 * Not a lit test: about 25 s per scale per machine path set on a 2-core box.
 *   clang-19 -O2 -ffp-contract=off -Iinclude -Iruntime fuzz/quantize_exhaustive.c \
 *     build/runtime/libaffq_rt.a -lm -lpthread -o build/quantize-exhaustive
 *   build/quantize-exhaustive            # all scales below
 *   build/quantize-exhaustive 0 3        # scales 0 and 3 only
 *   AFFQ_TEST_PATHS="avx2 avx512" build/quantize-exhaustive
 * Exit status 0 when every code on every path equals the definition's.
 */
#include "affq.h"
#include "qmath.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 1, 0.1, 3/255, a power of two, a tiny and a huge scale inside the fast
 * path's range [2^-126, 2^126], two drawn once from Python's random.seed(16)
 * (exponent in [-14, 2], random mantissa); then two outside that range,
 * which take the division loop: a subnormal scale and FLT_MAX. */
static const float scales[] = {1.0f,          0.1f,         3.0f / 255.0f, 0x1p-7f,
                               0x1.3p-125f,   0x1.5p+120f,  0x1.781ef8p-3f, 0x1.48f164p+1f,
                               0x1.8p-140f,   0x1.fffffep+127f};
enum { N_SCALES = sizeof scales / sizeof scales[0], CHUNK = 1 << 20 };

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
  int chosen[N_SCALES], n_chosen = 0;
  for (int a = 1; a < argc; a++) {
    int s = atoi(argv[a]);
    if (s < 0 || s >= N_SCALES) {
      fprintf(stderr, "scale index %d: 0..%d\n", s, N_SCALES - 1);
      return 2;
    }
    chosen[n_chosen++] = s;
  }
  if (!n_chosen)
    for (int s = 0; s < N_SCALES; s++)
      chosen[n_chosen++] = s;

  char paths[16][32];
  int n_paths = 0;
  const char *names = getenv("AFFQ_TEST_PATHS");
  if (!names)
    names = affq_isa_names();
  char name[32];
  for (const char *c = names; sscanf(c, " %31s", name) == 1; c = strstr(c, name) + strlen(name))
    if (strcmp(name, "scalar") && affq_isa_supported(name) && n_paths < 16)
      strcpy(paths[n_paths++], name);
  printf("paths:");
  for (int j = 0; j < n_paths; j++)
    printf(" %s", paths[j]);
  printf("\n");

  float *x = malloc(CHUNK * sizeof(float));
  uint8_t *ref = malloc(CHUNK), *got = malloc(CHUNK);
  long total_bad = 0;
  for (int c = 0; c < n_chosen; c++) {
    int si = chosen[c];
    affq_qparams p;
    /* int8 with an odd z for even indices, uint8 with z = 131 for odd ones */
    if (affq_make_qparams(scales[si], si % 2 ? 131 : 3, 8, si % 2 == 0, &p)) {
      printf("scale %a: affq_make_qparams failed\n", scales[si]);
      return 2;
    }
    double t0 = now();
    long bad = 0;
    for (uint64_t base = 0; base < (1ull << 32); base += CHUNK) {
      for (uint32_t i = 0; i < CHUNK; i++) {
        uint32_t bits = (uint32_t)(base + i);
        memcpy(&x[i], &bits, sizeof bits);
        ref[i] = (uint8_t)affq_qmath_quantize(x[i], p.scale, p.zero_point, p.qmin, p.qmax);
      }
      for (int j = 0; j < n_paths; j++) {
        affq_isa_select(paths[j]);
        memset(got, 0x5a, CHUNK);
        affq_quantize(x, got, CHUNK, &p);
        if (memcmp(got, ref, CHUNK))
          for (uint32_t i = 0; i < CHUNK; i++)
            if (got[i] != ref[i] && bad++ < 20) {
              uint32_t bits;
              memcpy(&bits, &x[i], sizeof bits);
              printf("  MISMATCH %s: x = %a (0x%08x): %d, definition %d\n", paths[j], x[i], bits,
                     p.qmin < 0 ? (int8_t)got[i] : got[i], p.qmin < 0 ? (int8_t)ref[i] : ref[i]);
            }
      }
    }
    total_bad += bad;
    printf("scale %-16a %s z = %4d: 2^32 inputs x %d paths, %ld mismatches (%.0f s)\n", scales[si],
           p.qmin < 0 ? "int8 " : "uint8", p.zero_point, n_paths, bad, now() - t0);
    fflush(stdout);
  }
  affq_isa_select("auto");
  printf(total_bad ? "FAILED\n" : "all codes equal the definition\n");
  free(x), free(ref), free(got);
  return total_bad != 0;
}
