// PolyBench-style kernels (atax, bicg, mvt, gemver), written for this test,
// with every array annotated in TAFFO's language, scalar(range(...)).  affq
// quantizes every array but the eight that keep a running sum across a loop
// (tmp[i] = tmp[i] + A[i][j] * x[j], and y[j] = y[j] + ... summed over i): TAFFO means 32-bit fixed point there,
// and 8-bit codes would lose every increment below s/2, so they stay float
// with a remark.  Each result is checked against its error bound: a shadow computation in double carries, for every value, the worst
// error quantized storage can add (s/2 at each store into an array,
// propagated through the products, plus float rounding).
// As in PolyBench with stack arrays, the arrays are locals of main passed
// to kernel_x(n, A, x, ...): each call gets one clone of its kernel made for
// its set of arrays.
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -Rpass=affq %s %affq_rt -o %t0 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq %s %affq_rt -o %t2 2>&1 | FileCheck %s --check-prefix=REMARK
// The report lists every quantized array:
// RUN: env AFFQ_REPORT=%t.json %clang -O2 -fpass-plugin=%affq_plugin -c %s -o %t.o
// RUN: %affq-report %t.json | FileCheck %s --check-prefix=REPORT
// REPORT-COUNT-15: local array in 'main' {{.*}}polybench.c:{{[0-9]+}} {{.*}}annotation
// REPORT: 15 arrays quantized
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -Rpass-missed=affq -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=MISSED --implicit-check-not=warning:
// MISSED-COUNT-8: remark: local array in 'main' stays float: a running sum is kept in it across a loop (in 'kernel_{{atax|bicg|mvt|gemver}}', line {{[0-9]+}}){{.*}}TAFFO's annotation means fixed point of 32 bits or more there
// RUN: %t0 | FileCheck %s
// RUN: %t2 | FileCheck %s
// Without TAFFO compatibility the annotations are not read, and nothing is quantized:
// RUN: env AFFQ_OPTIONS=taffo=off %clang -O2 -fpass-plugin=%affq_plugin -Rpass=affq %s %affq_rt -o %toff 2>&1 | count 0
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - 2>/dev/null | FileCheck %s --check-prefix=IR
// IR-DAG: define internal void @kernel_atax.affq.joint(
// IR-DAG: define internal void @kernel_gemver.affq.joint(
#include "affq.h"

#include <math.h>
#include <stdio.h>

#define N 16
#define RANGE(lo, hi) __attribute__((annotate("scalar(range(" #lo ", " #hi "))")))

static void kernel_atax(int n, float A[N][N], float x[N], float y[N], float tmp[N]) {
  for (int i = 0; i < n; i++)
    y[i] = 0;
  for (int i = 0; i < n; i++) {
    tmp[i] = 0;
    for (int j = 0; j < n; j++)
      tmp[i] = tmp[i] + A[i][j] * x[j];
    for (int j = 0; j < n; j++)
      y[j] = y[j] + A[i][j] * tmp[i];
  }
}

static void kernel_bicg(int n, float A[N][N], float s[N], float q[N], float p[N], float r[N]) {
  for (int i = 0; i < n; i++)
    s[i] = 0;
  for (int i = 0; i < n; i++) {
    q[i] = 0;
    for (int j = 0; j < n; j++) {
      s[j] = s[j] + r[i] * A[i][j];
      q[i] = q[i] + A[i][j] * p[j];
    }
  }
}

static void kernel_mvt(int n, float x1[N], float x2[N], float y1[N], float y2[N], float A[N][N]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      x1[i] = x1[i] + A[i][j] * y1[j];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      x2[i] = x2[i] + A[j][i] * y2[j];
}

static void kernel_gemver(int n, float alpha, float beta, float A[N][N], float u1[N], float v1[N],
                          float u2[N], float v2[N], float w[N], float x[N], float y[N], float z[N]) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      A[i][j] = A[i][j] + u1[i] * v1[j] + u2[i] * v2[j];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      x[i] = x[i] + beta * A[j][i] * y[j];
  for (int i = 0; i < n; i++)
    x[i] = x[i] + z[i];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      w[i] = w[i] + alpha * A[i][j] * x[j];
}

/* ---- the shadow: value and error bound of each element ---------------- */

typedef struct {
  double v, e;
} sh;

static double half_step(double lo, double hi) {
  affq_qparams p;
  affq_choose_qparams((float)lo, (float)hi, 8, 1, AFFQ_AFFINE, &p);
  return p.scale / 2 * (1 + 1e-4); /* float32's own rounding of x / s, docs/math.md */
}
/* t = a + b * c, stored into an array with half step h */
static sh mac(sh a, sh b, sh c, double h) {
  sh t = {a.v + b.v * c.v, 0};
  t.e = a.e + fabs(b.v) * c.e + fabs(c.v) * b.e + b.e * c.e +
        3 * 0x1p-24 * (fabs(a.v) + fabs(b.v * c.v)) + h;
  return t;
}
static sh input(float x, double h) { return (sh){x, h}; }

static unsigned seed = 1;
static float next(float lo, float hi) {
  seed = seed * 1103515245u + 12345u;
  return lo + (hi - lo) * (float)((seed >> 8) & 0xffff) / 65535.0f;
}

static int failures;
static void check(const char *what, const float *q, const sh *ref, int n) {
  int ok = 0;
  double worst = 0;
  for (int i = 0; i < n; i++) {
    double err = fabs(q[i] - ref[i].v);
    ok += err <= ref[i].e;
    worst = fmax(worst, err / ref[i].e);
  }
  printf("%s: %d/%d within the bound (worst %.2f of it)\n", what, ok, n, worst);
  failures += ok != n;
}

int main(void) {
  /* atax */
  {
    float RANGE(-0.5, 0.5) A[N][N];
    float RANGE(-0.5, 0.5) x[N];
    float RANGE(-40, 40) y[N];
    float RANGE(-8, 8) tmp[N];
    sh sA[N][N], sx[N], sy[N], st[N];
    double hA = half_step(-0.5, 0.5), hy = half_step(-40, 40), ht = half_step(-8, 8);
    for (int i = 0; i < N; i++) {
      x[i] = next(-0.5f, 0.5f), sx[i] = input(x[i], hA);
      for (int j = 0; j < N; j++)
        A[i][j] = next(-0.5f, 0.5f), sA[i][j] = input(A[i][j], hA);
    }
    kernel_atax(N, A, x, y, tmp);
    for (int i = 0; i < N; i++)
      sy[i] = (sh){0, hy};
    for (int i = 0; i < N; i++) {
      st[i] = (sh){0, ht};
      for (int j = 0; j < N; j++)
        st[i] = mac(st[i], sA[i][j], sx[j], ht);
      for (int j = 0; j < N; j++)
        sy[j] = mac(sy[j], sA[i][j], st[i], hy);
    }
    check("atax y", y, sy, N);
    check("atax tmp", tmp, st, N);
  }
  /* bicg */
  {
    float RANGE(-0.5, 0.5) A[N][N];
    float RANGE(-1, 1) p[N];
    float RANGE(-1, 1) r[N];
    float RANGE(-10, 10) s[N];
    float RANGE(-10, 10) q[N];
    sh sA[N][N], sp[N], sr[N], ss[N], sq[N];
    double hA = half_step(-0.5, 0.5), h1 = half_step(-1, 1), h10 = half_step(-10, 10);
    for (int i = 0; i < N; i++) {
      p[i] = next(-1, 1), sp[i] = input(p[i], h1);
      r[i] = next(-1, 1), sr[i] = input(r[i], h1);
      for (int j = 0; j < N; j++)
        A[i][j] = next(-0.5f, 0.5f), sA[i][j] = input(A[i][j], hA);
    }
    kernel_bicg(N, A, s, q, p, r);
    for (int i = 0; i < N; i++)
      ss[i] = (sh){0, h10};
    for (int i = 0; i < N; i++) {
      sq[i] = (sh){0, h10};
      for (int j = 0; j < N; j++) {
        ss[j] = mac(ss[j], sr[i], sA[i][j], h10);
        sq[i] = mac(sq[i], sA[i][j], sp[j], h10);
      }
    }
    check("bicg s", s, ss, N);
    check("bicg q", q, sq, N);
  }
  /* mvt */
  {
    float RANGE(-0.5, 0.5) A[N][N];
    float RANGE(-1, 1) y1[N];
    float RANGE(-1, 1) y2[N];
    float RANGE(-12, 12) x1[N];
    float RANGE(-12, 12) x2[N];
    sh sA[N][N], sy1[N], sy2[N], sx1[N], sx2[N];
    double hA = half_step(-0.5, 0.5), h1 = half_step(-1, 1), h12 = half_step(-12, 12);
    for (int i = 0; i < N; i++) {
      y1[i] = next(-1, 1), sy1[i] = input(y1[i], h1);
      y2[i] = next(-1, 1), sy2[i] = input(y2[i], h1);
      x1[i] = next(-1, 1), sx1[i] = input(x1[i], h12);
      x2[i] = next(-1, 1), sx2[i] = input(x2[i], h12);
      for (int j = 0; j < N; j++)
        A[i][j] = next(-0.5f, 0.5f), sA[i][j] = input(A[i][j], hA);
    }
    kernel_mvt(N, x1, x2, y1, y2, A);
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++)
        sx1[i] = mac(sx1[i], sA[i][j], sy1[j], h12);
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++)
        sx2[i] = mac(sx2[i], sA[j][i], sy2[j], h12);
    check("mvt x1", x1, sx1, N);
    check("mvt x2", x2, sx2, N);
  }
  /* gemver */
  {
    float RANGE(-2, 2) A[N][N];
    float RANGE(-0.5, 0.5) u1[N];
    float RANGE(-0.5, 0.5) v1[N];
    float RANGE(-0.5, 0.5) u2[N];
    float RANGE(-0.5, 0.5) v2[N];
    float RANGE(-1, 1) y[N];
    float RANGE(-1, 1) z[N];
    float RANGE(-30, 30) x[N];
    float RANGE(-400, 400) w[N];
    sh sA[N][N], su1[N], sv1[N], su2[N], sv2[N], sy[N], sz[N], sx[N], sw[N];
    double hA = half_step(-2, 2), hu = half_step(-0.5, 0.5), h1 = half_step(-1, 1),
           hx = half_step(-30, 30), hw = half_step(-400, 400);
    const float alpha = 1.5f, beta = 1.25f;
    for (int i = 0; i < N; i++) {
      u1[i] = next(-0.5f, 0.5f), su1[i] = input(u1[i], hu);
      v1[i] = next(-0.5f, 0.5f), sv1[i] = input(v1[i], hu);
      u2[i] = next(-0.5f, 0.5f), su2[i] = input(u2[i], hu);
      v2[i] = next(-0.5f, 0.5f), sv2[i] = input(v2[i], hu);
      y[i] = next(-1, 1), sy[i] = input(y[i], h1);
      z[i] = next(-1, 1), sz[i] = input(z[i], h1);
      x[i] = 0, sx[i] = (sh){0, hx};
      w[i] = 0, sw[i] = (sh){0, hw};
      for (int j = 0; j < N; j++)
        A[i][j] = next(-1, 1), sA[i][j] = input(A[i][j], hA);
    }
    kernel_gemver(N, alpha, beta, A, u1, v1, u2, v2, w, x, y, z);
    sh one = {1, 0}, sb = {beta, 0}, sa = {alpha, 0};
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++) {
        sh t = mac(sA[i][j], su1[i], sv1[j], 0);
        sA[i][j] = mac(t, su2[i], sv2[j], hA);
      }
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++)
        sx[i] = mac(sx[i], mac((sh){0, 0}, sb, sA[j][i], 0), sy[j], hx);
    for (int i = 0; i < N; i++)
      sx[i] = mac(sx[i], one, sz[i], hx);
    for (int i = 0; i < N; i++)
      for (int j = 0; j < N; j++)
        sw[i] = mac(sw[i], mac((sh){0, 0}, sa, sA[i][j], 0), sx[j], hw);
    check("gemver A", &A[0][0], &sA[0][0], N * N);
    check("gemver x", x, sx, N);
    check("gemver w", w, sw, N);
  }
  printf("%s\n", failures ? "FAILED" : "all ok");
  return failures != 0;
}
// Every annotated array but the eight running sums is quantized.
// REMARK-COUNT-15: remark: quantized local array in 'main'

// REMARK-NOT: remark
// CHECK: atax y: 16/16 within the bound
// CHECK: atax tmp: 16/16 within the bound
// CHECK: bicg s: 16/16 within the bound
// CHECK: bicg q: 16/16 within the bound
// CHECK: mvt x1: 16/16 within the bound
// CHECK: mvt x2: 16/16 within the bound
// CHECK: gemver A: 256/256 within the bound
// CHECK: gemver x: 16/16 within the bound
// CHECK: gemver w: 16/16 within the bound
// CHECK: all ok
