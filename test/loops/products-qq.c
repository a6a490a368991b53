// A marked sum of products of two quantized arrays (per tensor, both read
// one code after the next) runs on the runtime's int8 dot: each result is,
// bit for bit, the exact integer dot of the codes scaled once,
//   (float)((double)sum (a - za)(b - zb) * ((double)sa * (double)sb)),
// added to the sum's start value; on the scalar path and the best path alike.
// It is also within float rounding of the element-wise loop's exact value:
//   |d - d*| <= (n + 2) 2^-23 sum |a' b'|   (a', b': the dequantized values)
// Per-row arrays and strided walks stay element-wise, with the reason, and
// within the same bound.
//
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang %t.o %affq_rt -lm -o %t
// RUN: env AFFQ_ISA=scalar %t > %t.scalar
// RUN: %t > %t.best
// RUN: FileCheck %s < %t.best
// RUN: cmp %t.scalar %t.best
// Without the plugin the source is float, and the markers do nothing:
// RUN: %clang -O2 -DFLOAT_BUILD %s %affq_rt -lm -o %t.float
// RUN: %t.float | FileCheck %s --check-prefix=FLOAT
#include "affq.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 1000
#define R 12
#define BIG 100000 /* more than 33025 extreme terms: past int32 */

AFFQ_RANGE(-2.0f, 1.0f) static float A[N];
// REMARK: products-qq.c:[[@LINE-1]]:1: remark: quantized 'A'
AFFQ_RANGE_OPTS(0.0f, 3.0f, "unsigned") static float B[N];
// REMARK: products-qq.c:[[@LINE-1]]:1: remark: quantized 'B'
AFFQ_RANGE(-1.0f, 1.0f) static float M[R][N];
// REMARK: products-qq.c:[[@LINE-1]]:1: remark: quantized 'M'
AFFQ_RANGE_OPTS(-1.0f, 1.0f, "per_row") static float P[R][N];
// REMARK: products-qq.c:[[@LINE-1]]:1: remark: quantized 'P'
AFFQ_RANGE_OPTS(-1.0f, 1.0f, "symmetric") static float E[BIG];
// REMARK: products-qq.c:[[@LINE-1]]:1: remark: quantized 'E'
AFFQ_RANGE_OPTS(0.0f, 1.0f, "unsigned") static float F[BIG];
// REMARK: products-qq.c:[[@LINE-1]]:1: remark: quantized 'F'
static float Af[N], Bf[N], Mf[R][N], Pf[R][N], Ef[BIG], Ff[BIG]; /* the same values, float */

float dot_ab(float start) {
  float acc = start;
  AFFQ_LOOP
  for (int i = 0; i < N; i++)
    acc += A[i] * B[i];
  return acc;
}
// REMARK: products-qq.c:[[@LINE-5]]:1: remark: marked loop: dot product of two quantized arrays runs on the int8 kernel [-Rpass=affq]

float energy(void) { /* one array twice */
  float acc = 0.0f;
  AFFQ_LOOP
  for (int i = 0; i < N; i++)
    acc += A[i] * A[i];
  return acc;
}
// REMARK: products-qq.c:[[@LINE-5]]:1: remark: marked loop: dot product of two quantized arrays runs on the int8 kernel [-Rpass=affq]

/* a trip count known only at run time, possibly 0 */
float dot_n(int n, float start) {
  float acc = start;
  AFFQ_LOOP
  for (int i = 0; i < n; i++)
    acc += B[i] * A[i];
  return acc;
}
// REMARK: products-qq.c:[[@LINE-5]]:1: remark: marked loop: dot product of two quantized arrays runs on the int8 kernel [-Rpass=affq]

/* 100000 terms of 127 * 255: 3.2e9, which int32 cannot hold */
float dot_big(void) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int i = 0; i < BIG; i++)
    acc += E[i] * F[i];
  return acc;
}
// REMARK: products-qq.c:[[@LINE-5]]:1: remark: marked loop: dot product of two quantized arrays runs on the int8 kernel [-Rpass=affq]

float dot_per_row(int r) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int c = 0; c < N; c++)
    acc += P[r][c] * A[c];
  return acc;
}
// REMARK: products-qq.c:[[@LINE-5]]:1: remark: marked loop stays element-wise (its sum may be reordered): no product kernel: both factors are quantized arrays, and the int8 dot of two arrays takes per-tensor parameters only (this one is per row) [-Rpass-missed=affq]

float dot_strided(void) {
  float acc = 0.0f;
  AFFQ_LOOP
  for (int i = 0; i < N / 2; i++)
    acc += A[2 * i] * B[i];
  return acc;
}
// REMARK: products-qq.c:[[@LINE-5]]:1: remark: marked loop stays element-wise (its sum may be reordered): no product kernel: both factors are quantized arrays, and the loop steps 2 and 1 bytes through their codes (the int8 dot of two arrays needs 1 and 1) [-Rpass-missed=affq]

/* rows of M against A: each row's dot is a call; the row loop stays.
 * (Last: main inlines it, and its remark comes after the others.) */
static float y_rows[R];
static AFFQ_KERNEL void rows_dot(void) {
  for (int r = 0; r < R; r++) {
    float acc = 0.0f;
    for (int c = 0; c < N; c++)
      acc += M[r][c] * A[c];
    y_rows[r] = acc;
  }
}
// REMARK: products-qq.c:[[@LINE-8]]:1: remark: marked loop: dot product of two quantized arrays runs on the int8 kernel [-Rpass=affq]

static unsigned seed = 4242;
static float uniform(float lo, float hi) {
  seed = seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xFFFF) / 65535.0f;
}

static int failures;

#ifndef FLOAT_BUILD
/* The reference: the codes the runtime makes, the public integer dot in
 * chunks, the documented scaling. */
static float reference(const float *a, const affq_qparams *pa, const float *b,
                       const affq_qparams *pb, int n, float start, double *exact, double *bound) {
  static uint8_t qa[BIG], qb[BIG];
  static float da[BIG], db[BIG];
  affq_quantize(a, qa, (size_t)n, pa);
  affq_quantize(b, qb, (size_t)n, pb);
  affq_dequantize(qa, da, (size_t)n, pa);
  affq_dequantize(qb, db, (size_t)n, pb);
  int64_t acc = 0;
  for (int i = 0; i < n; i += 30000) {
    int32_t d;
    affq_dot_q8q8(qa + i, pa, qb + i, pb, (size_t)(n - i < 30000 ? n - i : 30000), &d);
    acc += d;
  }
  double e = start, abs_sum = fabs(start);
  for (int i = 0; i < n; i++)
    e += (double)da[i] * db[i], abs_sum += fabs((double)da[i] * db[i]);
  *exact = e;
  *bound = (n + 2) * 0x1p-23 * abs_sum + 1e-30;
  float d = acc ? (float)((double)acc * ((double)pa->scale * (double)pb->scale)) : -0.0f;
  return start + d;
}

static void check(const char *what, float got, float ref, double exact, double bound) {
  int equal = memcmp(&got, &ref, sizeof got) == 0, within = fabs((double)got - exact) <= bound;
  printf("%s: %s the runtime (%a, %a), %s the bound (%.2f of it)\n", what,
         equal ? "equal to" : "NOT equal to", got, ref, within ? "within" : "NOT within",
         fabs((double)got - exact) / bound);
  failures += !equal || !within;
}
#endif

int main(void) {
  for (int i = 0; i < N; i++) {
    A[i] = Af[i] = uniform(-2.0f, 1.0f);
    B[i] = Bf[i] = uniform(0.0f, 3.0f);
    for (int r = 0; r < R; r++) {
      M[r][i] = Mf[r][i] = uniform(-1.0f, 1.0f);
      P[r][i] = Pf[r][i] = uniform(-1.0f, 1.0f);
    }
  }
  for (int i = 0; i < BIG; i++)
    E[i] = Ef[i] = 1.0f, F[i] = Ff[i] = 1.0f; /* codes 127 and 255 */
  float d_ab = dot_ab(0.5f), d_energy = energy(), d_big = dot_big();
  volatile int zero = 0, some = 333;
  float d_empty = dot_n(zero, -0.0f), d_some = dot_n(some, 2.0f);
  rows_dot();
  float d_row = dot_per_row(3), d_strided = dot_strided();

#ifndef FLOAT_BUILD
  affq_qparams pa, pb, pm, pe, pf;
  affq_choose_qparams(-2.0f, 1.0f, 8, 1, AFFQ_AFFINE, &pa);
  affq_choose_qparams(0.0f, 3.0f, 8, 0, AFFQ_AFFINE, &pb);
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_AFFINE, &pm);
  affq_choose_qparams(-1.0f, 1.0f, 8, 1, AFFQ_SYMMETRIC, &pe);
  affq_choose_qparams(0.0f, 1.0f, 8, 0, AFFQ_AFFINE, &pf);
  double exact, bound;
  float ref;
  ref = reference(Af, &pa, Bf, &pb, N, 0.5f, &exact, &bound);
  check("A.B", d_ab, ref, exact, bound);
  ref = reference(Af, &pa, Af, &pa, N, 0.0f, &exact, &bound);
  check("A.A", d_energy, ref, exact, bound);
  ref = reference(Bf, &pb, Af, &pa, 0, -0.0f, &exact, &bound);
  check("no iteration", d_empty, ref, exact, bound);
  ref = reference(Bf, &pb, Af, &pa, 333, 2.0f, &exact, &bound);
  check("333 of them", d_some, ref, exact, bound);
  int rows_equal = 0;
  for (int r = 0; r < R; r++) {
    ref = reference(Mf[r], &pm, Af, &pa, N, 0.0f, &exact, &bound);
    rows_equal += memcmp(&ref, &y_rows[r], sizeof ref) == 0 && fabs(y_rows[r] - exact) <= bound;
  }
  printf("rows: %d/%d equal to the runtime and within the bound\n", rows_equal, R);
  failures += rows_equal != R;
  ref = reference(Ef, &pe, Ff, &pf, BIG, 0.0f, &exact, &bound);
  check("past int32", d_big, ref, exact, bound);
  /* element-wise (reordered) sums: within float rounding of the exact value */
  static float a_even[N / 2];
  for (int i = 0; i < N / 2; i++)
    a_even[i] = Af[2 * i];
  double exact_row, bound_row, exact_strided, bound_strided;
  reference(Pf[3], &pm, Af, &pa, N, 0.0f, &exact_row, &bound_row); /* per row: each row [-1, 1] */
  reference(a_even, &pa, Bf, &pb, N / 2, 0.0f, &exact_strided, &bound_strided);
  int rows_ok = fabs(d_row - exact_row) <= bound_row;
  int strided_ok = fabs(d_strided - exact_strided) <= bound_strided;
  printf("per-row and strided, element-wise: %s, %s\n", rows_ok ? "within the bound" : "NOT within",
         strided_ok ? "within the bound" : "NOT within");
  failures += !rows_ok || !strided_ok;
  printf("failures: %d\n", failures);
#else
  /* float arrays, plain loops: A.B is the float dot of the values stored */
  double e = 0.5, abs_sum = 0.5;
  for (int i = 0; i < N; i++)
    e += (double)Af[i] * Bf[i], abs_sum += fabs((double)Af[i] * Bf[i]);
  int ok = fabs(d_ab - e) <= (N + 2) * 0x1p-23 * abs_sum;
  printf("float: A.B %s; %a %a %a %a %a %a %a\n", ok ? "is the float dot" : "is NOT the float dot",
         d_energy, d_empty, d_some, y_rows[0], d_big, d_row, d_strided);
  failures += !ok;
  printf("failures: %d\n", failures);
#endif
  return failures != 0;
}
// CHECK: A.B: equal to the runtime ({{.*}}), within the bound
// CHECK-NEXT: A.A: equal to the runtime ({{.*}}), within the bound
// CHECK-NEXT: no iteration: equal to the runtime (-0x0p+0, -0x0p+0), within the bound
// CHECK-NEXT: 333 of them: equal to the runtime ({{.*}}), within the bound
// CHECK-NEXT: rows: 12/12 equal to the runtime and within the bound
// Codes 127 and 255, sum 3,238,500,000 (int32 would wrap to a negative), times
// float(1/127.5) * float(1/255) in double, then to float:
// CHECK-NEXT: past int32: equal to the runtime (0x1.8517dap+16, 0x1.8517dap+16), within the bound
// CHECK-NEXT: per-row and strided, element-wise: within the bound, within the bound
// CHECK-NEXT: failures: 0
// FLOAT: float: A.B is the float dot; {{.*}}
// FLOAT-NEXT: failures: 0
