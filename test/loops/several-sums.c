// Two or more sums in one loop: each that is a product over a quantized
// array becomes its own kernel call; the loop stays for the sums that are
// not (here a plain sum of x), and goes when none is left.  Each product is
// bit for bit the runtime API's on the same codes.
//
// RUN: %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang %t.o %affq_rt -lm -o %t
// RUN: env AFFQ_ISA=scalar %t > %t.scalar
// RUN: %t > %t.best
// RUN: FileCheck %s < %t.best
// RUN: cmp %t.scalar %t.best
// The report names each sum's shape:
// RUN: env AFFQ_REPORT=%t.json %clang -O2 -I%S/../../include -fpass-plugin=%affq_plugin -c %s -o %t.r.o
// RUN: python3 -c "import json,sys; [print(l['function'], l['result'], l['shape'], l['kernel']) for l in json.load(open(sys.argv[1]))['loops']]" %t.json | FileCheck %s --check-prefix=JSON
// JSON: two kernel matrix-vector product affq_gemm_q8f32
// JSON-NEXT: two kernel matrix-vector product affq_gemm_q8f32
// JSON-NEXT: mixed element-wise
// JSON-NEXT: mixed kernel matrix-vector product affq_gemm_q8f32
#include "affq.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define R 16
#define C 40

AFFQ_RANGE(-1.0f, 1.0f) static float A[R][C];
AFFQ_RANGE(-2.0f, 2.0f) static float B[R][C];
static float Af[R][C], Bf[R][C], x[C];
static float ta[R], ub[R], va[R], vs[R];

__attribute__((noinline)) void two(void) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    float t = 0.0f, u = 0.0f;
    for (int j = 0; j < C; j++) {
      t += A[i][j] * x[j];
      u += B[i][j] * x[j];
    }
    ta[i] = t;
    ub[i] = u;
  }
}
// REMARK: several-sums.c:[[@LINE-11]]:1: remark: marked loop (sum 1 of 2): matrix-vector product runs on the int8 kernel [-Rpass=affq]
// REMARK: several-sums.c:[[@LINE-12]]:1: remark: marked loop (sum 2 of 2): matrix-vector product runs on the int8 kernel [-Rpass=affq]

/* a product and a plain sum: the loop stays for the plain one */
__attribute__((noinline)) void mixed(void) {
  AFFQ_LOOP
  for (int i = 0; i < R; i++) {
    float v = 0.0f, w = 0.0f;
    for (int j = 0; j < C; j++) {
      v += A[i][j] * x[j];
      w += x[j] * (float)i;
    }
    va[i] = v;
    vs[i] = w;
  }
}
// REMARK-DAG: several-sums.c:[[@LINE-11]]:1: remark: marked loop (sum {{[12]}} of 2): matrix-vector product runs on the int8 kernel [-Rpass=affq]
// REMARK-DAG: several-sums.c:[[@LINE-12]]:1: remark: marked loop (sum {{[12]}} of 2) stays element-wise (its sum may be reordered): no product kernel: no factor of the product is read from a quantized array [-Rpass-missed=affq]

static unsigned seed = 2718;
static float uniform(float lo, float hi) {
  seed = seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xFFFF) / 65535.0f;
}

static int failures;

static void check(const char *what, const float *y, const float *wf, float lo, float hi) {
  affq_qparams p;
  static int8_t q[R * C];
  float ref[R];
  affq_choose_qparams(lo, hi, 8, 1, AFFQ_AFFINE, &p);
  affq_quantize(wf, q, R * C, &p);
  affq_gemv_q8f32(q, &p, 0, R, C, x, ref, 0);
  int equal = 0;
  for (int i = 0; i < R; i++) {
    float r = 0.0f + ref[i];
    equal += !memcmp(&y[i], &r, sizeof r);
  }
  printf("%s: %d/%d equal to the runtime\n", what, equal, R);
  failures += equal != R;
}

int main(void) {
  for (int i = 0; i < R; i++)
    for (int j = 0; j < C; j++) {
      A[i][j] = Af[i][j] = uniform(-1.0f, 1.0f);
      B[i][j] = Bf[i][j] = uniform(-2.0f, 2.0f);
    }
  for (int j = 0; j < C; j++)
    x[j] = uniform(-2.0f, 2.0f);
  two();
  mixed();
  check("t", ta, &Af[0][0], -1.0f, 1.0f);
  check("u", ub, &Bf[0][0], -2.0f, 2.0f);
  check("v", va, &Af[0][0], -1.0f, 1.0f);
  int plain = 0;
  for (int i = 0; i < R; i++) {
    double e = 0, a = 0;
    for (int j = 0; j < C; j++)
      e += (double)x[j] * i, a += fabs(x[j] * (float)i);
    plain += fabs(vs[i] - e) <= (C + 1) * 0x1p-23 * a + 1e-30;
  }
  printf("w: %d/%d within reordering of the float sum\n", plain, R);
  failures += plain != R;
  return failures != 0;
}
// CHECK: t: 16/16 equal to the runtime
// CHECK: u: 16/16 equal to the runtime
// CHECK: v: 16/16 equal to the runtime
// CHECK: w: 16/16 within reordering of the float sum
