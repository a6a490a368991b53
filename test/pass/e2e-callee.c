// A pointer into an annotated array passed to a function of the module: the
// callee is cloned and specialized for the codes, one clone per distinct
// parameter set (V and V2 share theirs), the original keeps serving float
// arrays, and recursion reaches the clone itself.  Every -O level prints
// what the reference prints.
// RUN: %e2e %s %t | FileCheck %s
// CHECK: e2e: ok
// CHECK: dot W: {{.*}}, dot plain: {{.*}}, dot V: {{.*}}
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o %t.ll
// RUN: FileCheck --check-prefix=IR %s < %t.ll
// W, V and V2 call dot: V and V2 have equal parameters and share a clone.
// RUN: grep -c "^define internal float @dot.affq" %t.ll | FileCheck --check-prefix=NDOT %s
// NDOT: {{^}}2{{$}}
// IR-DAG: define internal float @dot.affq(
// IR-DAG: define internal float @sum_rec.affq(
// IR-DAG: define internal void @fill.affq(
// IR-DAG: define dso_local float @dot(
#include "Inputs/reference.h"

AFFQ static CONST float W[8] = {0.5f, -1.25f, 2.0f, 0.1f, -0.3f, 1.7f, -2.2f, 0.05f};
REF_PARAMS(W);
AFFQ_RANGE(-3.0f, 3.0f) static float V[8];
REF_PARAMS(V);
AFFQ_RANGE(-3.0f, 3.0f) static float V2[8];
REF_PARAMS(V2);
static float plain[8] = {1, 2, 3, 4, 5, 6, 7, 8};

float dot(const float *w, const float *x, int n) { /* external: the original stays */
  float s = 0;
  for (int i = 0; i < n; i++)
    s += w[i] * x[i];
  return s;
}

static float sum_rec(const float *p, int n) { return n == 0 ? 0.0f : p[0] + sum_rec(p + 1, n - 1); }

static void fill(float *dst, int n, float step) {
  for (int i = 0; i < n; i++)
    dst[i] = step * (float)i - 1.0f;
}

int main(void) {
  REF_INIT(W, 8, 1, AFFQ_AFFINE);
  REF_RANGE(V, -3.0f, 3.0f, 8, 1, AFFQ_AFFINE);
  REF_RANGE(V2, -3.0f, 3.0f, 8, 1, AFFQ_AFFINE);
  AFFQ_RANGE(-2.0f, 2.0f) float local[6];
#ifdef AFFQ_REFERENCE
  affq_qparams ref_local;
  affq_choose_qparams(-2.0f, 2.0f, 8, 1, AFFQ_AFFINE, &ref_local);
  for (int i = 0; i < 6; i++)
    local[i] = ref_roundtrip(&ref_local, 0.37f * (float)i - 1.0f);
  for (int i = 0; i < 8; i++)
    PUT(V, V[i], (float)i * 0.61f - 2.0f);
  for (int i = 0; i < 8; i++)
    PUT(V2, V2[i], 2.9f - (float)i * 0.7f);
#else
  fill(local, 6, 0.37f);
  for (int i = 0; i < 8; i++)
    V[i] = (float)i * 0.61f - 2.0f;
  for (int i = 0; i < 8; i++)
    V2[i] = 2.9f - (float)i * 0.7f;
#endif
  float x[8];
  for (int i = 0; i < 8; i++)
    x[i] = (float)(i % 3) - 0.5f;
  printf("dot W: %a, dot plain: %a, dot V: %a\n", dot(W, x, 8), dot(plain, x, 8), dot(V + 2, x, 6));
  printf("sum_rec W: %a, local: %a\n", sum_rec(W, 8), sum_rec(local, 6));
  printf("dot V2: %a\n", dot(V2, x, 8));
  print_floats("local", local, 6);
  return 0;
}
