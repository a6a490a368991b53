/*
 * fuzz_kernels.c - libFuzzer harness: every runtime kernel, on a path the
 * input picks among those this machine has, must give the same bytes as the
 * scalar path, and never touch memory outside its buffers (ASan).
 * Input: [path byte][op byte][params 8 bytes][params 8 bytes][data...].
 * AFFQ_TEST_PATHS="scalar sse4 avx2 ...", when set, limits the paths to
 * those (as on a CPU without the others).  The first comparison on each
 * path prints "fuzz_kernels: compared PATH" on stderr, so scripts/fuzz.sh
 * can tell which paths the run covered.
 */
#include "affq.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *paths[] = {"sse4", "avx2", "avx2vnni", "avx512", "avx512vnni", "neon", "neondot"};
enum { N_PATHS = sizeof paths / sizeof paths[0] };

/* 1 if path is a word of $AFFQ_TEST_PATHS, or that is unset. */
static int listed(const char *path) {
  const char *list = getenv("AFFQ_TEST_PATHS");
  size_t n = strlen(path);
  if (!list)
    return 1;
  for (const char *s = list; (s = strstr(s, path)); s += n)
    if ((s == list || s[-1] == ' ') && (s[n] == ' ' || !s[n]))
      return 1;
  return 0;
}

/* Parameters from bytes: any scale (validation may reject it: then both
 * paths must return the same error), any zero point, any bits. */
static affq_qparams params_of(const uint8_t *b) {
  affq_qparams p;
  if (b[7] & 0x80) { /* 1 in 2: raw bytes, mostly invalid scales: the error paths */
    memcpy(&p.scale, b, 4);
  } else { /* a valid scale from 2^-10 to 64 */
    uint16_t u;
    memcpy(&u, b, 2);
    p.scale = (float)(u + 1) * 0x1p-10f;
  }
  p.zero_point = (int8_t)b[4] * ((b[5] & 1) ? 2 : 1);
  int bits = 2 + b[6] % 7, sgn = b[7] & 1;
  p.qmin = sgn ? -(1 << (bits - 1)) : 0;
  p.qmax = sgn ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
  return p;
}

/* Run op on the current path; write every result byte into out. */
static size_t run(int op, const affq_qparams *p, const affq_qparams *p2, const uint8_t *data,
                  size_t n, uint8_t *out) {
  size_t nf = n / 4, len = 0;
  float *x = malloc(nf * 4 + 4), *y = malloc(nf * 4 + 4);
  uint8_t *q = malloc(nf + 1), *q2 = malloc(nf + 1);
  memcpy(x, data, nf * 4);
  memcpy(q, data, nf);
  int err;
  switch (op % 7) {
  case 0:
    err = affq_quantize(x, q2, nf, p);
    memcpy(out, q2, err ? 0 : nf), len = err ? 0 : nf;
    break;
  case 1:
    err = affq_dequantize(q, y, nf, p);
    memcpy(out, y, err ? 0 : nf * 4), len = err ? 0 : nf * 4;
    break;
  case 2:
    err = affq_requantize(q, p, q2, p2, nf);
    memcpy(out, q2, err ? 0 : nf), len = err ? 0 : nf;
    break;
  case 3: {
    float d = 0;
    err = affq_dot_q8f32(q, p, x, nf, &d);
    memcpy(out, &d, 4), len = 4;
    break;
  }
  case 4: {
    int32_t d = 0;
    err = affq_dot_q8q8(q, p, data, p2, nf, &d);
    memcpy(out, &d, 4), len = 4;
    break;
  }
  case 5: {
    float mm[2] = {0, 0};
    err = affq_minmax_f32(x, nf, &mm[0], &mm[1]);
    memcpy(out, mm, 8), len = 8;
    break;
  }
  default: {
    affq_error_stats st;
    memset(&st, 0, sizeof st);
    err = affq_quant_error_stats(x, q, nf, p, &st);
    memcpy(out, &st, sizeof st), len = sizeof st;
    break;
  }
  }
  memcpy(out + len, &err, sizeof err);
  free(x), free(y), free(q), free(q2);
  return len + sizeof err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 18)
    return 0;
  static char compared[N_PATHS];
  int k = data[0] % N_PATHS;
  const char *path = paths[k];
  if (!affq_isa_supported(path) || !listed(path))
    return 0;
  affq_qparams p = params_of(data + 2), p2 = params_of(data + 8);
  const uint8_t *body = data + 18;
  size_t n = size - 18;
  uint8_t *ref = malloc(n + 128), *got = malloc(n + 128);
  affq_isa_select("scalar");
  size_t lr = run(data[1], &p, &p2, body, n, ref);
  affq_isa_select(path);
  size_t lg = run(data[1], &p, &p2, body, n, got);
  if (lr != lg || memcmp(ref, got, lr))
    abort(); /* a path disagrees with the scalar reference */
  if (!compared[k]) { /* once per path */
    compared[k] = 1;
    fprintf(stderr, "fuzz_kernels: compared %s\n", path);
  }
  free(ref), free(got);
  return 0;
}
