// An annotated pointer field of a struct (issue 14 item 1): the memory one
// allocation gives it is stored as codes, and every access through the
// field, in any function, reads and writes codes.  The program prints the
// same bytes at -O0 to -O3 as the reference (every value put into the
// memory rounded through the runtime's scalar math, Inputs/reference.h).
// Covered: a struct in a global, on the stack, on the heap, and an array of
// structs whose field is allocated in a loop; the first field of a global
// array of structs read at a constant index; a designated initializer;
// malloc, calloc and aligned_alloc; fread into the field's memory; the
// field's pointer passed to a function (a specialized clone) and advanced;
// free; a double field.  -Werror: affq says nothing, every field is
// quantized.
// RUN: %e2e %s %t -Werror | FileCheck %s
// UBSan checks the field's own address (alignment, null, object size):
// that is the struct's, and the field is quantized all the same.
// RUN: %e2e %s %t.ubsan -Werror -fsanitize=undefined -fno-sanitize-recover=all | FileCheck %s
// RUN: %e2e %s %t.asan -Werror -fsanitize=address | FileCheck %s
// CHECK: e2e: ok
// CHECK: model: sum
#include "Inputs/reference.h"

#include <stdlib.h>

struct layer {
  int n;
  AFFQ_RANGE(-1.0f, 1.0f) float *w; /* (not the first field) */
  float bias;
};

struct model {
  AFFQ_RANGE(-2.0f, 2.0f) float *emb; /* the first field */
  struct layer layers[3];
  AFFQ_RANGE(-1.0, 1.0) double *scale;
};

#ifdef AFFQ_REFERENCE
static affq_qparams ref_w, ref_emb, ref_scale;
#define ROUND_W(x) ref_roundtrip(&ref_w, (x))
#define ROUND_EMB(x) ref_roundtrip(&ref_emb, (x))
#define ROUND_SCALE(x) ref_roundtrip_d(&ref_scale, (x))
#else
#define ROUND_W(x) (x)
#define ROUND_EMB(x) (x)
#define ROUND_SCALE(x) (x)
#endif

static struct model global_model;

static float dot(const float *a, const float *x, int n) { /* specialized for the codes */
  float s = 0;
  for (int i = 0; i < n; i++)
    s += a[i] * x[i];
  return s;
}

static void build(struct model *m, int n) {
  m->emb = aligned_alloc(64, 64 * sizeof(float));
  for (int i = 0; i < 64; i++)
    m->emb[i] = ROUND_EMB(2.5f * sinf(0.3f * (float)i));
  for (int l = 0; l < 3; l++) { /* one allocation site, three allocations */
    struct layer L = {.n = n, .w = malloc(n * sizeof(float)), .bias = 0.5f * (float)l};
    for (int i = 0; i < n; i++)
      L.w[i] = ROUND_W(cosf(0.7f * (float)(i + l)));
    m->layers[l] = L;
  }
  m->scale = calloc(8, sizeof(double));
  for (int i = 0; i < 8; i++)
    m->scale[i] = ROUND_SCALE(0.3 * i - 1.1);
}

static float forward(const struct model *m, const float *x) {
  float y = 0;
  for (int l = 0; l < 3; l++) {
    const struct layer *L = &m->layers[l];
    y += dot(L->w, x, L->n) + L->bias;
    const float *tail = L->w + L->n / 2; /* advanced */
    y += tail[0];
  }
  for (int i = 0; i < 8; i++)
    y += (float)m->scale[i];
  return y + m->emb[5];
}

static void release(struct model *m) {
  for (int l = 0; l < 3; l++)
    free(m->layers[l].w);
  free(m->emb);
  free(m->scale);
}

struct table {
  int n;
  AFFQ_RANGE(-4.0f, 4.0f) float *v;
};

/* the first field of a global array of structs: with a constant index, the
 * annotation's address is a constant `arr[1]`, the field's zero folded */
struct first {
  AFFQ_RANGE(-1.0f, 1.0f) float *w;
  int n;
};
static struct first firsts[3];

int main(void) {
#ifdef AFFQ_REFERENCE
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &ref_w);
  affq_choose_qparams(-2.0f, 2.0f, 8, 1, AFFQ_AFFINE, &ref_emb);
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &ref_scale);
#endif
  float x[40];
  for (int i = 0; i < 40; i++)
    x[i] = 0.1f * (float)(i % 7) - 0.3f;

  build(&global_model, 40); /* a global struct */
  printf("global: %a, emb[5] %a, w[1][3] %a\n", forward(&global_model, x), global_model.emb[5],
         global_model.layers[1].w[3]);
  global_model.layers[2].w[4] = ROUND_W(global_model.layers[2].w[4] * 0.5f - 0.8f); /* a write */
  printf("after a write: %a\n", forward(&global_model, x));
  release(&global_model);

  struct model local; /* on the stack */
  build(&local, 17);
  printf("local: %a\n", forward(&local, x));
  release(&local);

  struct model *heap = malloc(sizeof *heap); /* on the heap */
  build(heap, 33);
  printf("heap: %a, scale[7] %a\n", forward(heap, x), heap->scale[7]);
  release(heap);
  free(heap);

  /* fread into the field's memory */
  FILE *f = tmpfile();
  for (int i = 0; i < 100; i++) {
    float v = 5.0f * sinf(0.11f * (float)i);
    fwrite(&v, sizeof v, 1, f);
  }
  rewind(f);
  struct table t = {100, malloc(100 * sizeof(float))};
  if (fread(t.v, sizeof(float), (size_t)t.n, f) != 100)
    return 1;
#ifdef AFFQ_REFERENCE
  static affq_qparams ref_v;
  affq_choose_qparams(-4.0f, 4.0f, 8, 1, AFFQ_AFFINE, &ref_v);
  ref_apply(t.v, 100, &ref_v);
#endif
  double s = 0;
  for (int i = 0; i < t.n; i++)
    s += t.v[i];
  printf("table: sum %a, [13] %a\n", s, t.v[13]);
  free(t.v);
  fclose(f);
  for (int i = 0; i < 3; i++) {
    firsts[i].n = 4;
    firsts[i].w = malloc(4 * sizeof(float));
    for (int j = 0; j < 4; j++)
      firsts[i].w[j] = ROUND_W(0.3f * (float)(j + i) - 0.5f);
  }
  printf("firsts: %a %a\n", firsts[1].w[2], firsts[2].w[3]);
  for (int i = 0; i < 3; i++)
    free(firsts[i].w);
  printf("model: sum done\n");
  return 0;
}
