#!/usr/bin/env python3
"""loopfuzz.py - random marked product loops, checked against the same loops
unmarked.

Each program has one quantized weight matrix W (random shape, bits,
signedness, scheme, per-row) and one to five product loop nests over it, of
random shape (one function each below, named in KINDS):
 - dot: a dot product over one row; rows, cols: GEMV along rows, GEMV down
   columns (transposed); gemm, gemm_inner, gemm_t: GEMM with the batch loop
   outside or inside; qdot, qrows: dots of W with a second quantized array V
   (or with itself); memsum: sums kept in memory (Y[r] = Y[r] + W[r][c] *
   x[c], Y plain float);
 - matmul, vla: dimensions known only at run time, llama2.c's
   matmul(xout, x, w, n, d) with w[i * n + j], and a C99 array parameter
   a[rows][cols], non-inlined, called with W and n, d from volatile variables;
 - factor: scalar factors the same on every iteration of the inner loop,
   alpha * W x, alpha * (W x), W x alpha (alpha a run-time float) or
   W x beta[r];
 - sums: several sums in one loop, W x, V x2 (or W x2) and a plain sum of x;
 - fir: short trip counts and weights read again by an outer loop, a filter
   of 1 to 40 taps (a row of W or a tap array of its own, constant or filled
   at run time), constant or run-time tap and output counts;
 - kernel: AFFQ_KERNEL on a function that receives W as a parameter (the
   mark acts in the copy affq makes for W), sometimes also called with float
   weights;
 - gemm_ikj, update_t: updates in memory, i-k-j order, B = a block of W:
   C[i][j] += A[i][k] * B[k][j] (A[m][K] or wider rows A[m][K + extra]) and
   bicg's s[j] += r[k] * B[k][j], as += or C = C + ..., with or without a
   run-time alpha, C starting from random values, the operands globals,
   restrict pointers, malloc'd blocks or plain pointers that may alias
   (sometimes C and A overlap for real); half of them kernel=on (with
   kernel=auto, a nest whose rows of A each read all of B stays inline);
 - rows_malloc: a GEMV whose x and y the function takes from malloc itself;
   inline_restrict: a GEMV in a static inline function with restrict
   parameters, inlined into a caller that passes plain pointers (alias
   analysis lets the rows loop in, for both);
over the whole matrix or a sub-block of it, with or without a bias, with x
global, a restrict pointer, a plain pointer (which may alias the output), or
x and the output from malloc, with constant or run-time trip counts, dynamic
or not.  W is sometimes filled by a memcpy whose byte count is
known only at run time, and sometimes weak (it must then stay float, the
same in both builds).  Each program is built in one flavour: plain,
-D_FORTIFY_SOURCE=2, or UBSan with every report fatal.

It is built with the plugin at -O2 twice: with the nests marked (AFFQ_LOOP)
and unmarked (element-wise, the exact quantized semantics).  Every output
must agree within what reordering the sum (and, dynamic, quantizing x) may
change, which the program prints next to each value:
    |y_marked - y_plain| <= 4 n 2^-24 sum|w' x| + (dynamic: (s_x/2) sum|w'|) + 1e-30
where n is the number of terms (one more with a scalar factor), w' x each
term times its factors (alpha, beta[r]), and the sum also counts |init|
(a bias or a constant the sum starts from: the two products differ by their
rounding, and init + product can then round to neighbouring floats, 1 ulp
of |init + product| apart).  An update
C[i][j] += alpha A[i][k] B[k][j] counts n = K + 2 (the start value C0 and
alpha), |C0| + sum_k |alpha a_k w'_kj|, and with dynamic (s_x/2) sum_k
|alpha w'_kj|, s_x the scale of A's row.
A wrong row, offset, stride or parameter set is off by the size of the
values, far beyond that.  Any difference, crash or compiler failure is
reported and the program kept.

  loopfuzz.py --clang CLANG --plugin affq.so --runtime libaffq_rt.a \
      --include DIR --count N [--seed S] [--keep DIR] [--kinds K1,K2]
(--kinds: only those shapes).  A compile or run longer than 60 s is a
crash.  Prints how many nests of each shape became kernel calls, then
"programs N, nests N, replaced R, mismatches M, crashes C" last.
"""
import os
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile

import fuzzargs  # beside this script


FLAVOURS = [[], [], ["-D_FORTIFY_SOURCE=2"], ["-fsanitize=undefined", "-fno-sanitize-recover=all"]]

XL_LEN = 1024  # XL: a long input vector (run-time dimensions, filters, heap copies)


class Program:
    """One program: its quantized W (R0 x C0) and V (4 x C0), the shared
    inputs, and the text of its globals, nest functions and main."""

    def __init__(self, rng):
        self.rng = rng
        R0, C0 = self.R0, self.C0 = rng.randint(1, 24), rng.randint(1, 40)
        # W weak: it stays float (see w_float in program())
        self.weak = "__attribute__((weak)) " if rng.random() < 0.05 else ""
        per_row = self.per_row = rng.random() < 0.3
        opts = ["bits=%d" % rng.randint(2, 8), rng.choice(["signed", "unsigned"]),
                rng.choice(["affine", "symmetric"])] + (["per_row"] if per_row else [])
        # (a per-row array is never filled by memcpy: that keeps it float)
        fill_by_copy = not per_row and rng.random() < 0.3
        lo = -rng.uniform(0.1, 3.0)
        hi = rng.uniform(0.1, 3.0)
        if "unsigned" in opts and rng.random() < 0.5:
            lo = 0.0
        # V: a second quantized array, for products of two quantized arrays
        vopts = ["bits=%d" % rng.randint(2, 8), rng.choice(["signed", "unsigned"]),
                 rng.choice(["affine", "symmetric"])] + (["per_row"] if rng.random() < 0.15 else [])
        vlo, vhi = -rng.uniform(0.1, 3.0), rng.uniform(0.1, 3.0)
        M = self.M = max(R0, C0)
        self.head = ['#include "affq.h"', "#include <math.h>", "#include <stdio.h>",
                     "#include <stdlib.h>", "#include <string.h>",
                     "#ifdef MARKED", "#define MARK AFFQ_LOOP",
                     "#define MARK_DYN AFFQ_LOOP_OPTS(\"dynamic\")",
                     "#define KMARK AFFQ_KERNEL", "#define KMARK_DYN AFFQ_KERNEL_OPTS(\"dynamic\")",
                     "#define MARK_ON AFFQ_LOOP_OPTS(\"kernel=on\")",
                     "#define MARK_DYN_ON AFFQ_LOOP_OPTS(\"dynamic,kernel=on\")",
                     "#else", "#define MARK", "#define MARK_DYN", "#define KMARK", "#define KMARK_DYN",
                     "#define MARK_ON", "#define MARK_DYN_ON",
                     "#endif",
                     'AFFQ_RANGE_OPTS(%r, %r, "%s") %sfloat W[%d][%d];' % (lo, hi, ",".join(opts), self.weak, R0, C0),
                     'AFFQ_RANGE_OPTS(%r, %r, "%s") float V[4][%d];' % (vlo, vhi, ",".join(vopts), C0),
                     "float X[8][%d], Y[8][%d], bias[%d], XL[%d];" % (M, M, M, XL_LEN),
                     "volatile int one = 1;",
                     # each output: its value, and how far reordering may move it:
                     # 4 terms 2^-24 sum|w' x| (+ dynamic: (s_x/2) sum|w'|, s_x
                     # the scale of x[0..nx) quantized as the kernel does)
                     "static void report(int nest, int at, float y, double absum, double wsum, int terms,",
                     "                   const float *x, int nx, int dyn) {",
                     "  double sx = 0;",
                     "  if (dyn) { affq_qparams p; if (affq_choose_qparams_f32(x, (size_t)nx, 8, 0, AFFQ_AFFINE, &p) == 0) sx = p.scale; }",
                     # + 2 half-ulps of |y|: the last add (init + the sum) is fused by
                     # clang's contraction in one build and not in the other
                     "  printf(\"%d %d %a %.17g\\n\", nest, at, y, 4.0 * terms * 0x1p-24 * absum + sx / 2 * 1.001 * wsum + 2 * 0x1p-24 * fabs((double)y) + 1e-30);",
                     "}"]
        self.decls = []  # globals of the nests
        self.funcs = []  # the nest functions
        wfill = "Wf" if fill_by_copy else "W"  # filled through a buffer and a run-time memcpy
        self.main = ["int main(void) {", "  unsigned s = %du;" % rng.randint(1, 1 << 30),
                     "  static float Wf[%d][%d]; volatile size_t wbytes = sizeof Wf;" % (R0, C0),
                     "  for (int r = 0; r < %d; r++) for (int c = 0; c < %d; c++) {" % (R0, C0),
                     "    s = s * 1664525u + 1013904223u; %s[r][c] = %r + %r * (float)(s >> 8) / 16777216.0f; }"
                     % (wfill, lo, hi - lo),
                     "  if (%d) memcpy(W, Wf, wbytes);" % fill_by_copy,
                     "  for (int r = 0; r < 4; r++) for (int c = 0; c < %d; c++) {" % C0,
                     "    s = s * 1664525u + 1013904223u; V[r][c] = %r + %r * (float)(s >> 8) / 16777216.0f; }"
                     % (vlo, vhi - vlo),
                     "  for (int i = 0; i < 8; i++) for (int k = 0; k < %d; k++) {" % M,
                     "    s = s * 1664525u + 1013904223u; X[i][k] = (float)(s >> 8) / 8388608.0f - 1.0f; }",
                     "  for (int k = 0; k < %d; k++) bias[k] = 0.25f * X[7][k];" % M,
                     "  for (int k = 0; k < %d; k++) {" % XL_LEN,
                     "    s = s * 1664525u + 1013904223u; XL[k] = (float)(s >> 8) / 8388608.0f - 1.0f; }"]
        self.nests = 0
        self.wc = False  # Wc, a float copy of W's values, declared

    def float_copy(self):
        """Wc: a plain float array holding W's (dequantized) values, for calls
        of a function with float weights beside its calls with W."""
        if not self.wc:
            self.wc = True
            self.decls.append("float Wc[%d][%d];" % (self.R0, self.C0))
            self.main.append("  for (int r = 0; r < %d; r++) for (int c = 0; c < %d; c++) Wc[r][c] = W[r][c];"
                             % (self.R0, self.C0))

    def text(self):
        main = self.main + ["  return 0;", "}"]
        return "\n".join(l for l in self.head + self.decls + self.funcs + main if l is not None) + "\n"


class Nest:
    """The random choices every nest draws (not all kinds use all of them)."""

    def __init__(self, p, rng, n, kind):
        self.n, self.kind = n, kind
        self.dyn = rng.random() < 0.4 and not (p.w_float and kind in ("qdot", "qrows"))
        self.mark = "MARK_DYN" if self.dyn else "MARK"
        R0, C0 = p.R0, p.C0
        self.r0 = rng.randint(0, R0 - 1)
        self.c0 = rng.randint(0, C0 - 1) if rng.random() < 0.3 else 0
        self.nr = rng.randint(1, R0 - self.r0)
        self.nc = rng.randint(1, C0 - self.c0) if rng.random() < 0.4 else C0 - self.c0
        self.m = rng.randint(1, 5)
        self.init = rng.choice(["0.0f", "bias[%s]"])
        # heap: x and the output are malloc'd in main (x a copy of X[n % 8])
        self.xsrc = rng.choice(["global", "restrict", "plain", "heap"])
        self.restrict = "restrict " if rng.random() < 0.5 else ""
        # run-time trip counts: read once from a volatile into rt, at the top of
        # the nest's function ("rt"), or the volatile read in the loop's
        # condition on every iteration ("vol": no longer a counted loop)
        self.runtime_n = rng.random() < 0.3 and rng.choice(["rt", "rt", "rt", "vol"])
        self.need_rt = False
        self.f = "nest%d" % n
        self.xparam = {"global": "void", "restrict": "const float *restrict xp",
                       "plain": "const float *xp",
                       "heap": "const float *%sxp, float *%syp" % (self.restrict, self.restrict)}[self.xsrc]
        self.xrow = "X[%d]" % (n % 8)
        self.xarg = {"global": "", "restrict": self.xrow, "plain": self.xrow, "heap": "xh, yh"}[self.xsrc]
        self.xname = self.xrow if self.xsrc == "global" else "xp"
        self.out = "yh" if self.xsrc == "heap" else "Y[%d]" % (n % 8)
        self.fout = "yp" if self.xsrc == "heap" else "Y[%d]" % (n % 8)  # inside the function

    def lim(self, v):
        return {False: str(v), "rt": "(%d * rt)" % v, "vol": "(%d * one)" % v}[self.runtime_n]

    def top(self):
        """the first line of a nest function: rt, when a trip count uses it"""
        return "  const int rt = one;" if self.runtime_n == "rt" or self.need_rt else None

    def init_at(self, i):
        return self.init % i if "%" in self.init else self.init

    def call(self, p):
        """main's lines that call the nest function (with heap copies for heap)."""
        if self.xsrc != "heap":
            return ["  %s(%s);" % (self.f, self.xarg)]
        return ["  { float *xh = malloc(%d * sizeof *xh), *yh = malloc(%d * sizeof *yh);" % (p.M, p.M),
                "    if (!xh || !yh) return 1;",
                "    memcpy(xh, %s, %d * sizeof *xh);" % (self.xrow, p.M),
                "    %s(%s);" % (self.f, self.xarg)]

    def done(self):
        return ["    free(xh); free(yh); }"] if self.xsrc == "heap" else []


# ---- the shapes of nests: one function each, named in KINDS ----------------

def nest_dot(p, t):
    r = p.rng.randint(0, p.R0 - 1)
    n, nc, c0 = t.n, t.nc, t.c0
    if t.xsrc == "heap":
        t.xparam = "const float *%sxp" % t.restrict
    p.funcs += ["float %s(%s) {" % (t.f, t.xparam), "  float acc = %s;" % t.init_at(r),
                t.top(), "  %s" % t.mark,
                "  for (int c = 0; c < %s; c++)" % t.lim(nc),
                "    acc += W[%d][%d + c] * %s[c];" % (r, c0, t.xname), "  return acc;", "}"]
    if t.xsrc == "heap":
        p.main += ["  { float *xh = malloc(%d * sizeof *xh); if (!xh) return 1;" % p.M,
                   "    memcpy(xh, %s, %d * sizeof *xh);" % (t.xrow, p.M),
                   "    float y = %s(xh); free(xh); double a = fabs(%s), w = 0;" % (t.f, t.init_at(r))]
    else:
        p.main += ["  { float y = %s(%s); double a = fabs(%s), w = 0;" % (t.f, t.xarg, t.init_at(r))]
    p.main += ["    for (int c = 0; c < %d; c++) { a += fabs((double)W[%d][%d + c] * X[%d][c]); w += fabs(W[%d][%d + c]); }"
               % (nc, r, c0, n % 8, r, c0),
               "    report(%d, 0, y, a, w, %d, X[%d], %d, %d); }" % (n, nc, n % 8, nc, t.dyn)]


def nest_qdot(p, t):  # two quantized arrays: W row(s) . V row, or W . W
    rng = p.rng
    v = "W[%d]" % rng.randint(0, p.R0 - 1) if rng.random() < 0.25 else "V[%d]" % rng.randint(0, 3)
    count = t.nr if t.kind == "qrows" else 1
    out = "Y[%d]" % (t.n % 8)
    p.funcs += ["void %s(void) {" % t.f, t.top(), "  %s" % t.mark,
                "  for (int r = 0; r < %s; r++) {" % t.lim(count),
                "    float acc = %s;" % t.init_at("r"),
                "    for (int c = 0; c < %s; c++)" % t.lim(t.nc),
                "      acc += W[%d + r][%d + c] * %s[%d + c];" % (t.r0, t.c0, v, t.c0),
                "    %s[r] = acc;" % out, "  }", "}"]
    p.main += ["  %s();" % t.f,
               "  for (int r = 0; r < %d; r++) { double a = fabs(%s), w = 0;" % (count, t.init_at("r")),
               "    for (int c = 0; c < %d; c++) a += fabs((double)W[%d + r][%d + c] * %s[%d + c]);"
               % (t.nc, t.r0, t.c0, v, t.c0),
               "    report(%d, r, %s[r], a, w, %d, X[0], %d, 0); }" % (t.n, out, t.nc, t.nc)]


def nest_memsum(p, t):  # the sum kept in (plain float) memory, not in a register
    out, n = t.fout, t.n
    p.funcs += ["void %s(%s) {" % (t.f, t.xparam), t.top(), "  %s" % t.mark,
                "  for (int r = 0; r < %s; r++) {" % t.lim(t.nr),
                "    %s[r] = %s;" % (out, t.init_at("r")),
                "    for (int c = 0; c < %s; c++)" % t.lim(t.nc),
                "      %s[r] = %s[r] + W[%d + r][%d + c] * %s[c];" % (out, out, t.r0, t.c0, t.xname),
                "  }", "}"]
    p.main += t.call(p)
    p.main += ["  for (int r = 0; r < %d; r++) { double a = fabs(%s), w = 0;" % (t.nr, t.init_at("r")),
               "    for (int c = 0; c < %d; c++) { a += fabs((double)W[%d + r][%d + c] * X[%d][c]); w += fabs(W[%d + r][%d + c]); }"
               % (t.nc, t.r0, t.c0, n % 8, t.r0, t.c0),
               "    report(%d, r, %s[r], a, w, %d, X[%d], %d, %d); }" % (n, t.out, t.nc, n % 8, t.nc, t.dyn)]
    p.main += t.done()


def nest_rows(p, t):  # GEMV along rows, or down columns (transposed)
    n = t.n
    if t.kind == "rows":
        access, count, inner = "W[%d + r][%d + c]" % (t.r0, t.c0), t.nr, t.nc
    else:  # y[j] = sum_k W[k][j] x[k]: j over columns, k over rows
        inner, count = t.nr, t.nc
        access = "W[%d + c][%d + r]" % (t.r0, t.c0)
    p.funcs += ["void %s(%s) {" % (t.f, t.xparam), t.top(), "  %s" % t.mark,
                "  for (int r = 0; r < %s; r++) {" % t.lim(count),
                "    float acc = %s;" % t.init_at("r"),
                "    for (int c = 0; c < %s; c++)" % t.lim(inner),
                "      acc += %s * %s[c];" % (access, t.xname),
                "    %s[r] = acc;" % t.fout, "  }", "}"]
    p.main += t.call(p)
    p.main += ["  for (int r = 0; r < %d; r++) { double a = fabs(%s), w = 0;" % (count, t.init_at("r")),
               "    for (int c = 0; c < %d; c++) { a += fabs((double)%s * X[%d][c]); w += fabs(%s); }"
               % (inner, access, n % 8, access),
               "    report(%d, r, %s[r], a, w, %d, X[%d], %d, %d); }" % (n, t.out, inner, n % 8, inner, t.dyn)]
    p.main += t.done()


def nest_gemm(p, t):  # GEMM: Y[i][r] = sum_c X[i][c] W[..]
    n = t.n
    if t.kind == "gemm_t":
        access, count, inner = "W[%d + c][%d + r]" % (t.r0, t.c0), t.nc, t.nr
    else:
        access, count, inner = "W[%d + r][%d + c]" % (t.r0, t.c0), t.nr, t.nc
    xg = "Xg%d" % n  # dense rows of `inner` floats, so a batch loop can be taken in
    p.decls.append("float %s[%d][%d];" % (xg, t.m, inner))
    p.main += ["  for (int i = 0; i < %d; i++) for (int c = 0; c < %d; c++) %s[i][c] = X[i][c];"
               % (t.m, inner, xg)]
    loops = [("i", t.m), ("r", count)]
    if t.kind == "gemm_inner":
        loops.reverse()
    p.funcs += ["void %s(void) {" % t.f, t.top(), "  %s" % t.mark,
                "  for (int %s = 0; %s < %s; %s++)" % (loops[0][0], loops[0][0], t.lim(loops[0][1]), loops[0][0]),
                "    for (int %s = 0; %s < %s; %s++) {" % (loops[1][0], loops[1][0], t.lim(loops[1][1]), loops[1][0]),
                "      float acc = %s;" % t.init_at("r"),
                "      for (int c = 0; c < %s; c++)" % t.lim(inner),
                "        acc += %s[i][c] * %s;" % (xg, access),
                "      Y[i][r] = acc;", "    }", "}"]
    p.main += ["  %s();" % t.f,
               "  for (int i = 0; i < %d; i++) for (int r = 0; r < %d; r++) { double a = fabs(%s), w = 0;" % (t.m, count, t.init_at("r")),
               "    for (int c = 0; c < %d; c++) { a += fabs((double)%s * X[i][c]); w += fabs(%s); }"
               % (inner, access, access),
               "    report(%d, i * 1000 + r, Y[i][r], a, w, %d, X[i], %d, %d); }" % (n, inner, inner, t.dyn)]


def runtime_dims(p, t):
    """A block of W seen as d rows of n (both known only at run time), from
    element off of W on: (off, n, d)."""
    total = p.R0 * p.C0
    off = p.rng.randint(0, total - 1) if p.rng.random() < 0.3 else 0
    nn = p.rng.randint(1, min(total - off, 2 * p.C0))
    dd = p.rng.randint(1, (total - off) // nn)
    return off, nn, dd


def rt_call_block(p, t, off, nn, dd, call, wname, at0):
    """main's lines: n and d from volatile variables, x (and the output)
    heap or global, then the call and the report of each output."""
    heap = t.xsrc != "global"
    yname = "yh" if heap else "YL%d" % t.n
    if not heap:
        p.decls.append("float YL%d[%d];" % (t.n, dd))
    lines = ["  { volatile int vn = %d, vd = %d; int nn = vn, dd = vd;" % (nn, dd)]
    if heap:
        lines += ["    float *xh = malloc(nn * sizeof *xh), *yh = malloc(dd * sizeof *yh);",
                  "    if (!xh || !yh) return 1;",
                  "    memcpy(xh, XL, nn * sizeof *xh);"]
    xarg = "xh" if heap else "XL"
    lines += ["    " + call % {"y": yname, "x": xarg, "w": "&%s[0][0] + %d" % (wname, off)},
              "    for (int i = 0; i < dd; i++) { double a = 0, w = 0;",
              "      for (int j = 0; j < nn; j++) { float wv = (&%s[0][0])[%d + i * nn + j]; a += fabs((double)wv * XL[j]); w += fabs(wv); }"
              % (wname, off),
              "      report(%d, %d + i, %s[i], a, w, nn, XL, nn, %d); }" % (t.n, at0, yname, t.dyn)]
    if heap:
        lines += ["    free(xh); free(yh);"]
    return lines + ["  }"]


def nest_matmul(p, t):  # llama2.c's matmul: pointers, n and d at run time, w[i * n + j]
    off, nn, dd = runtime_dims(p, t)
    p.funcs += ["__attribute__((noinline)) void %s(float *xout, float *x, float *w, int n, int d) {" % t.f,
                "  int i;", t.top(), "  %s" % t.mark,
                "  for (i = 0; i < d; i++) {",
                "    float val = 0.0f;",
                "    for (int j = 0; j < n; j++)",
                "      val += w[i * n + j] * x[j];",
                "    xout[i] = val;", "  }", "}"]
    call = t.f + "(%(y)s, %(x)s, %(w)s, nn, dd);"
    p.main += rt_call_block(p, t, off, nn, dd, call, "W", 0)
    if p.rng.random() < 0.3:  # the same function called with float weights too
        p.float_copy()
        p.main += rt_call_block(p, t, off, nn, dd, call, "Wc", 1000)


def nest_vla(p, t):  # C99 array parameters: float a[rows][cols]
    off, nn, dd = runtime_dims(p, t)
    p.funcs += ["__attribute__((noinline)) void %s(int rows, int cols, float y[rows], const float a[rows][cols],"
                % t.f,
                "    const float x[cols]) {", t.top(), "  %s" % t.mark,
                "  for (int i = 0; i < rows; i++) {",
                "    float acc = 0.0f;",
                "    for (int j = 0; j < cols; j++)",
                "      acc += a[i][j] * x[j];",
                "    y[i] = acc;", "  }", "}"]
    call = t.f + "(dd, nn, %(y)s, (const float (*)[nn])(%(w)s), %(x)s);"
    p.main += rt_call_block(p, t, off, nn, dd, call, "W", 0)
    if p.rng.random() < 0.3:
        p.float_copy()
        p.main += rt_call_block(p, t, off, nn, dd, call, "Wc", 1000)


def nest_factor(p, t):
    """Scalar factors, the same on every iteration of the inner loop:
    alpha * W x, alpha * (W x), W x alpha, W x beta[r]; alpha a run-time
    float.  The bound is on sum|factor w' x| with one more rounding."""
    rng, n = p.rng, t.n
    form = rng.choice(["alpha_left", "alpha_paren", "alpha_right", "beta"])
    w = "W[%d + r][%d + c]" % (t.r0, t.c0)
    term = {"alpha_left": "alpha * %s * %s[c]", "alpha_paren": "alpha * (%s * %s[c])",
            "alpha_right": "%s * %s[c] * alpha", "beta": "%s * %s[c] * beta%d[r]" % ("%s", "%s", n)}[form]
    alpha = rng.choice([-1, 1]) * rng.uniform(0.05, 2.0)
    if form == "beta":
        p.decls.append("float beta%d[%d];" % (n, t.nr))
        p.main += ["  for (int r = 0; r < %d; r++) { s = s * 1664525u + 1013904223u; beta%d[r] = (float)(s >> 8) / 4194304.0f - 2.0f; }"
                   % (t.nr, n)]
        fac = "beta%d[r]" % n
    else:
        fac = "alpha"
    params = t.xparam if t.xparam != "void" else ""
    params = ("float alpha, " + params) if params else "float alpha"
    p.funcs += ["void %s(%s) {" % (t.f, params), t.top(), "  %s" % t.mark,
                "  for (int r = 0; r < %s; r++) {" % t.lim(t.nr),
                "    float acc = %s;" % t.init_at("r"),
                "    for (int c = 0; c < %s; c++)" % t.lim(t.nc),
                "      acc += %s;" % (term % (w, t.xname)),
                "    %s[r] = acc;" % t.fout, "  }", "}"]
    p.main += ["  { volatile float valpha = %r; float alpha = valpha;" % alpha]
    t.xarg = "alpha" + (", " + t.xarg if t.xarg else "")
    p.main += t.call(p)
    p.main += ["  for (int r = 0; r < %d; r++) { double a = fabs(%s), w = 0;" % (t.nr, t.init_at("r")),
               "    for (int c = 0; c < %d; c++) { a += fabs((double)%s * %s * X[%d][c]); w += fabs((double)%s * %s); }"
               % (t.nc, fac, w, n % 8, fac, w),
               "    report(%d, r, %s[r], a, w, %d, X[%d], %d, %d); }" % (n, t.out, t.nc + 1, n % 8, t.nc, t.dyn)]
    p.main += t.done() + ["  }"]


def nest_sums(p, t):
    """Several sums in one loop: one or two products (W x, and V x2 or W x2)
    and maybe a sum that is not a product (s += x[c]); each stored, each
    checked."""
    rng, n = p.rng, t.n
    count, inner = t.nr, t.nc
    xa, xb = "X[%d]" % (n % 8), "X[%d]" % ((n + 3) % 8)
    vrow = rng.choice(["fixed", "rows", "W"])
    if vrow == "rows":
        count = min(count, 4)
    vacc = {"fixed": "V[%d][%d + c]" % (rng.randint(0, 3), t.c0), "rows": "V[r][%d + c]" % t.c0,
            "W": "W[%d + r][%d + c]" % (t.r0, t.c0)}[vrow]
    wacc = "W[%d + r][%d + c]" % (t.r0, t.c0)
    sums = [("t", wacc, "xa", xa)]  # name, weights, x in the function, x in main
    kinds = rng.choice([["u"], ["s"], ["u", "s"]])
    if "u" in kinds:
        sums.append(("u", vacc, "xb", xb))
    if "s" in kinds:
        sums.append(("s", None, "xa", xa))
    rng.shuffle(sums)
    heap = t.xsrc == "heap"
    if t.xsrc != "global":
        rs = {"restrict": "restrict ", "plain": "", "heap": t.restrict}[t.xsrc]
        params = "const float *%sxa, const float *%sxb" % (rs, rs)
        xs = {"xa": "xa", "xb": "xb"}
    else:
        params = "void"
        xs = {"xa": xa, "xb": xb}
    outs = {}
    for name, _, _, _ in sums:
        if heap:
            outs[name] = ("o%s" % name, "h%s" % name)  # in the function, in main
        else:
            p.decls.append("float O%d%s[%d];" % (n, name, count))
            outs[name] = ("O%d%s" % (n, name),) * 2
    if heap:
        params += "".join(", float *%so%s" % (rs, name) for name, _, _, _ in sums)
    body = ["void %s(%s) {" % (t.f, params), t.top(), "  %s" % t.mark,
            "  for (int r = 0; r < %s; r++) {" % t.lim(count),
            "    " + " ".join("float %s = %s;" % (name, t.init_at("r") if name == "t" else "0.0f")
                              for name, _, _, _ in sums),
            "    for (int c = 0; c < %s; c++) {" % t.lim(inner)]
    for name, wv, xv, _ in sums:
        body.append("      %s += %s;" % (name, ("%s * %s[c]" % (wv, xs[xv])) if wv else "%s[c]" % xs[xv]))
    body += ["    }"] + ["    %s[r] = %s;" % (outs[name][0], name) for name, _, _, _ in sums] + ["  }", "}"]
    p.funcs += body
    if heap:
        p.main += ["  { float *xa = malloc(%d * sizeof *xa), *xb = malloc(%d * sizeof *xb);" % (p.M, p.M)]
        p.main += ["    float *h%s = malloc(%d * sizeof *h%s);" % (name, count, name) for name, _, _, _ in sums]
        p.main += ["    if (!xa || !xb%s) return 1;" % "".join(" || !h%s" % name for name, _, _, _ in sums),
                   "    memcpy(xa, %s, %d * sizeof *xa); memcpy(xb, %s, %d * sizeof *xb);" % (xa, p.M, xb, p.M),
                   "    %s(xa, xb%s);" % (t.f, "".join(", h%s" % name for name, _, _, _ in sums))]
    elif params == "void":
        p.main += ["  { %s();" % t.f]
    else:
        p.main += ["  { %s(%s, %s);" % (t.f, xa, xb)]
    for j, (name, wv, _, xm) in enumerate(sums):
        init = t.init_at("r") if name == "t" else "0.0f"
        if wv:
            acc = "a += fabs((double)%s * %s[c]); w += fabs(%s);" % (wv, xm, wv)
        else:
            acc = "a += fabs(%s[c]);" % xm
        p.main += ["    for (int r = 0; r < %d; r++) { double a = fabs(%s), w = 0;" % (count, init),
                   "      for (int c = 0; c < %d; c++) { %s }" % (inner, acc),
                   "      report(%d, r * 4 + %d, %s[r], a, w, %d, %s, %d, %d); }"
                   % (n, j, outs[name][1], inner, xm, inner, t.dyn if wv else 0)]
    if heap:
        p.main += ["    free(xa); free(xb);%s" % "".join(" free(h%s);" % name for name, _, _, _ in sums)]
    p.main += ["  }"]


def nest_fir(p, t):
    """A filter: the taps (a row of W, or a tap array of their own, 1 to 40
    of them, constant or run-time count) read again on every output."""
    rng, n = p.rng, t.n
    own = rng.random() < 0.5 or p.C0 - t.c0 < 2
    if own:
        K = rng.randint(1, 40)
        topts = ",".join(["bits=%d" % rng.randint(2, 8), rng.choice(["signed", "unsigned"]),
                          rng.choice(["affine", "symmetric"])])
        vals = [rng.uniform(-2.0, 2.0) for _ in range(K)]
        if rng.random() < 0.5 and any(v != 0 for v in vals):  # constant: quantized at compile time
            p.decls.append('AFFQ_OPTS("%s") static const float T%d[%d] = {%s};'
                           % (topts, n, K, ", ".join("%rf" % v for v in vals)))
        else:
            p.decls.append('AFFQ_RANGE_OPTS(-2.0, 2.0, "%s") float T%d[%d];' % (topts, n, K))
            p.main += ["  for (int k = 0; k < %d; k++) { s = s * 1664525u + 1013904223u; T%d[k] = (float)(s >> 8) / 4194304.0f - 2.0f; }"
                       % (K, n)]
        tap = "T%d[k]" % n
    else:
        K = rng.randint(1, p.C0 - t.c0)
        tap = "W[%d][%d + k]" % (t.r0, t.c0)
    nout = rng.randint(1, 300)
    xo = rng.randint(0, 8)
    klim = "(%d * rt)" % K if rng.random() < 0.4 else str(K)
    olim = "(%d * rt)" % nout if rng.random() < 0.4 else str(nout)
    t.need_rt = "rt" in klim + olim
    init = rng.choice(["0.0f", "0.5f", "-0.25f"])
    io = rng.choice(["global", "restrict", "plain", "heap"])
    if io == "global":
        params, inx, outx = "void", "XL", "F%d" % n
        p.decls.append("float F%d[%d];" % (n, nout))
    else:
        rs = "" if io == "plain" else ("restrict " if io == "restrict" else t.restrict)
        params, inx, outx = "const float *%sin, float *%sout" % (rs, rs), "in", "out"
    p.funcs += ["void %s(%s) {" % (t.f, params), t.top(), "  %s" % t.mark,
                "  for (int i = 0; i < %s; i++) {" % olim,
                "    float acc = %s;" % init,
                "    for (int k = 0; k < %s; k++)" % klim,
                "      acc += %s * %s[%d + i + k];" % (tap, inx, xo),
                "    %s[i] = acc;" % outx, "  }", "}"]
    if io == "global":
        p.main += ["  { %s();" % t.f]
        yname = outx
    elif io == "heap":
        p.main += ["  { float *xh = malloc(%d * sizeof *xh), *yh = malloc(%d * sizeof *yh);" % (XL_LEN, nout),
                   "    if (!xh || !yh) return 1;",
                   "    memcpy(xh, XL, %d * sizeof *xh);" % XL_LEN,
                   "    %s(xh, yh);" % t.f]
        yname = "yh"
    else:
        p.decls.append("float F%d[%d];" % (n, nout))
        p.main += ["  { %s(XL, F%d);" % (t.f, n)]
        yname = "F%d" % n
    p.main += ["    for (int i = 0; i < %d; i++) { double a = fabs(%s), w = 0;" % (nout, init),
               "      for (int k = 0; k < %d; k++) { a += fabs((double)%s * XL[%d + i + k]); w += fabs(%s); }"
               % (K, tap, xo, tap),
               "      report(%d, i, %s[i], a, w, %d, XL + %d + i, %d, %d); }" % (n, yname, K, xo, K, t.dyn)]
    if io == "heap":
        p.main += ["    free(xh); free(yh);"]
    p.main += ["  }"]


def nest_kernel(p, t):
    """AFFQ_KERNEL on a function that receives W as a parameter: the mark
    acts in the copy affq makes of it for W."""
    rng, n = p.rng, t.n
    flat = rng.random() < 0.5
    rs = "restrict " if rng.random() < 0.7 else ""
    wparam = ("const float *%sw" % rs) if flat else ("const float w[%s][%d]" % (rs, p.C0))
    wacc = ("w[r * %d + %d + c]" % (p.C0, t.c0)) if flat else ("w[r][%d + c]" % t.c0)
    inl = rng.choice(["__attribute__((noinline)) ", "static ", ""])
    p.funcs += ["%s %svoid %s(float *%sy, %s, const float *%sxv) {"
                % ("KMARK_DYN" if t.dyn else "KMARK", inl, t.f, rs, wparam, rs),
                t.top(),
                "  for (int r = 0; r < %s; r++) {" % t.lim(t.nr),
                "    float acc = %s;" % t.init_at("r"),
                "    for (int c = 0; c < %s; c++)" % t.lim(t.nc),
                "      acc += %s * xv[c];" % wacc,
                "    y[r] = acc;", "  }", "}"]
    calls = [("W", 0)]
    if rng.random() < 0.3:  # called with float weights too
        p.float_copy()
        calls.append(("Wc", 1000))
    for wname, at0 in calls:
        heap = t.xsrc == "heap"
        warg = ("&%s[%d][0]" % (wname, t.r0)) if flat else ("%s + %d" % (wname, t.r0))
        if heap:
            p.main += ["  { float *xh = malloc(%d * sizeof *xh), *yh = malloc(%d * sizeof *yh);" % (p.M, p.M),
                       "    if (!xh || !yh) return 1;",
                       "    memcpy(xh, %s, %d * sizeof *xh);" % (t.xrow, p.M),
                       "    %s(yh, %s, xh);" % (t.f, warg)]
            yname = "yh"
        else:
            yname = "Y[%d]" % (n % 8)
            p.main += ["  { %s(%s, %s, %s);" % (t.f, yname, warg, t.xrow)]
        p.main += ["    for (int r = 0; r < %d; r++) { double a = fabs(%s), w = 0;" % (t.nr, t.init_at("r")),
                   "      for (int c = 0; c < %d; c++) { float wv = %s[%d + r][%d + c]; a += fabs((double)wv * %s[c]); w += fabs(wv); }"
                   % (t.nc, wname, t.r0, t.c0, t.xrow),
                   "      report(%d, %d + r, %s[r], a, w, %d, %s, %d, %d); }"
                   % (n, at0, yname, t.nc, t.xrow, t.nc, t.dyn)]
        if heap:
            p.main += ["    free(xh); free(yh);"]
        p.main += ["  }"]


def nest_update(p, t):
    """Updates in memory, i-k-j order (lib/updates.c), B = W[r0 + k][c0 + j]:
     - gemm_ikj: for (i < m) for (k < K) for (j < N) C[i][j] += A[i][k] * B[k][j],
       A[m][K + extra] (wider rows: one call per row of A);
     - update_t: bicg's for (k < K) for (j < N) s[j] += r[k] * B[k][j];
    written as += or C = C + ..., sometimes with a run-time factor alpha
    (alpha * A * B, A * B * alpha, alpha * (A * B)).  C starts from random
    values.  The operands are globals, restrict pointers, blocks from malloc
    (passed with or without restrict) or plain pointers that may alias (the
    update is refused then), and now and then C and A overlap for real.
    Each C[i][j] is checked within 4 (K + 2) 2^-24 (|C0| + sum_k |alpha a_k
    w'_kj|) + (dynamic: (s_x/2) sum_k |alpha w'_kj|, s_x of A's row)."""
    rng, n = p.rng, t.n
    ikj = t.kind == "gemm_ikj"
    if t.runtime_n and rng.random() < 0.5:  # the rewrite needs constant trip counts: more often
        t.runtime_n = False
    if rng.random() < 0.5:  # kernel=on: auto keeps an i-k-j nest that reads B again inline
        t.mark += "_ON"
    r0, K = (0, p.R0) if rng.random() < 0.4 else (t.r0, t.nr)  # often all the rows of W
    c0, N = (0, p.C0) if rng.random() < 0.6 else (t.c0, t.nc)  # mostly whole rows
    m = t.m if ikj else 1
    KA = K + (rng.randint(1, 4) if ikj and rng.random() < 0.3 else 0)
    alpha = rng.random() < 0.4 and rng.choice([-1, 1]) * rng.uniform(0.05, 2.0)
    mode = rng.choice(["global", "restrict", "heap", "plain"])
    overlap = mode == "plain" and rng.random() < 0.3  # C and A in one block for real
    rs = {"global": "", "restrict": "restrict ", "heap": t.restrict, "plain": ""}[mode]
    ci, ai = ("[i][j]", "[i][k]") if ikj else ("[j]", "[k]")
    ctype, atype = ("float (*%s)[%d]" % ("%s", N), "const float (*%s)[%d]" % ("%s", KA)) if ikj \
        else ("float *%s", "const float *%s")
    p.decls.append("float Cz%d[%d][%d], Az%d[%d][%d];" % (n, m, N, n, m, KA))  # the start values
    if mode == "global":
        cname, aname, params = "Cu%d" % n, "Au%d" % n, []
        p.decls.append(("float Cu%d[%d][%d], Au%d[%d][%d];" % (n, m, N, n, m, KA)) if ikj
                       else ("float Cu%d[%d], Au%d[%d];" % (n, N, n, K)))
    else:
        cname, aname = "c", "a"
        params = [ctype % (rs + "c"), atype % (rs + "a")]
    if alpha:
        params.append("float alpha")
    w = "W[%d + k][%d + j]" % (r0, c0)
    a = aname + ai
    term = "%s * %s" % (a, w) if not alpha else \
        rng.choice(["alpha * %s * %s", "%s * %s * alpha", "alpha * (%s * %s)"]) % (a, w)
    upd = rng.choice(["%s += %s;", "%s = %s + %s;"])
    c = cname + ci
    stmt = upd % (c, term) if "+=" in upd else upd % (c, c, term)
    body = ["void %s(%s) {" % (t.f, ", ".join(params) or "void"), t.top(), "  %s" % t.mark]
    ind = "  "
    if ikj:
        body.append("  for (int i = 0; i < %s; i++)" % t.lim(m))
        ind = "    "
    body += [ind + "for (int k = 0; k < %s; k++)" % t.lim(K),
             ind + "  for (int j = 0; j < %s; j++)" % t.lim(N),
             ind + "    " + stmt, "}"]
    p.funcs += body
    # main: random start values, the call, then every C[i][j] with its bound
    p.main += ["  { for (int i = 0; i < %d; i++) {" % m,
               "      for (int j = 0; j < %d; j++) { s = s * 1664525u + 1013904223u; Cz%d[i][j] = (float)(s >> 8) / 1677721.6f - 5.0f; }" % (N, n),
               "      for (int k = 0; k < %d; k++) { s = s * 1664525u + 1013904223u; Az%d[i][k] = (float)(s >> 8) / 4194304.0f - 2.0f; } }" % (KA, n)]
    if alpha:
        p.main += ["    volatile float valpha = %r; float alpha = valpha;" % alpha]
    else:
        p.main += ["    const float alpha = 1.0f;"]
    if mode != "heap" and not overlap:  # globals, used as they are or passed
        cu, au = "Cu%d" % n, "Au%d" % n
        if mode != "global":
            p.decls.append(("float Cu%d[%d][%d], Au%d[%d][%d];" % (n, m, N, n, m, KA)) if ikj
                           else ("float Cu%d[%d], Au%d[%d];" % (n, N, n, K)))
        p.main += ["    memcpy(%s, Cz%d, sizeof %s); memcpy(%s, Az%d, sizeof %s);" % (cu, n, cu, au, n, au),
                   "    float *cf = (float *)%s;" % cu]
        args = [] if mode == "global" else ["(void *)%s" % cu, "(void *)%s" % au]
        free = ""
    elif mode == "heap":
        p.main += ["    float *ch = malloc(sizeof Cz%d), *ah = malloc(sizeof Az%d);" % (n, n),
                   "    if (!ch || !ah) return 1;",
                   "    memcpy(ch, Cz%d, sizeof Cz%d); memcpy(ah, Az%d, sizeof Az%d);" % (n, n, n, n),
                   "    float *cf = ch;"]
        args = ["(void *)ch", "(void *)ah"]
        free = "    free(ch); free(ah);"
    else:  # C and A in one block, A from element off of C on
        off = rng.randint(0, m * N - 1)
        size = max(m * N, off + m * KA)
        p.main += ["    float *buf = calloc(%d, sizeof *buf); if (!buf) return 1;" % size,
                   "    memcpy(buf + %d, Az%d, sizeof Az%d); memcpy(buf, Cz%d, sizeof Cz%d);" % (off, n, n, n, n),
                   "    float *cf = buf;"]
        args = ["(void *)buf", "(void *)(buf + %d)" % off]
        free = "    free(buf);"
    if alpha:
        args.append("alpha")
    p.main += ["    %s(%s);" % (t.f, ", ".join(args)),
               "    for (int i = 0; i < %d; i++) for (int j = 0; j < %d; j++) { double a = fabs(Cz%d[i][j]), w = 0;" % (m, N, n),
               "      for (int k = 0; k < %d; k++) { double f = (double)alpha * %s; a += fabs(f * Az%d[i][k]); w += fabs(f); }" % (K, w, n),
               "      report(%d, i * 1000 + j, cf[i * %d + j], a, w, %d, Az%d[i], %d, %d); }" % (n, N, K + 2, n, K, t.dyn)]
    if free:
        p.main.append(free)
    p.main.append("  }")


def gemv_lines(t, y, x, count, inner, access):
    """a marked GEMV: y[r] = init + sum_c access * x[c]"""
    return [t.top(), "  %s" % t.mark,
            "  for (int r = 0; r < %s; r++) {" % t.lim(count),
            "    float acc = %s;" % t.init_at("r"),
            "    for (int c = 0; c < %s; c++)" % t.lim(inner),
            "      acc += %s * %s[c];" % (access, x),
            "    %s[r] = acc;" % y, "  }"]


def gemv_report(p, t, yname, count, inner, access):
    n = t.n
    p.main += ["  for (int r = 0; r < %d; r++) { double a = fabs(%s), w = 0;" % (count, t.init_at("r")),
               "    for (int c = 0; c < %d; c++) { a += fabs((double)%s * X[%d][c]); w += fabs(%s); }"
               % (inner, access, n % 8, access),
               "    report(%d, r, %s[r], a, w, %d, X[%d], %d, %d); }" % (n, yname, inner, n % 8, inner, t.dyn)]


def gemv_access(p, t):
    """along rows (mostly) or down columns: (count, inner, W's element)"""
    if p.rng.random() < 0.7:
        return t.nr, t.nc, "W[%d + r][%d + c]" % (t.r0, t.c0)
    return t.nc, t.nr, "W[%d + c][%d + r]" % (t.r0, t.c0)


def nest_rows_malloc(p, t):
    """A GEMV whose x and y the function itself takes from malloc: distinct
    blocks, so LLVM's alias analysis lets the rows loop in (one call)."""
    n = t.n
    count, inner, access = gemv_access(p, t)
    inl = p.rng.choice(["__attribute__((noinline)) ", ""])
    p.funcs += ["%svoid %s(void) {" % (inl, t.f),
                "  float *x = malloc(%d * sizeof *x), *y = malloc(%d * sizeof *y);" % (inner, count),
                "  if (!x || !y) abort();",
                "  for (int c = 0; c < %d; c++) x[c] = X[%d][c];" % (inner, n % 8)]
    p.funcs += gemv_lines(t, "y", "x", count, inner, access)
    p.funcs += ["  memcpy(Y[%d], y, %d * sizeof *y);" % (n % 8, count), "  free(x); free(y);", "}"]
    p.main += ["  %s();" % t.f]
    gemv_report(p, t, "Y[%d]" % (n % 8), count, inner, access)


def nest_inline_restrict(p, t):
    """A static inline function with restrict parameters, inlined into a
    caller that passes plain pointers: the restrict survives as scoped
    noalias metadata, so the rows loop is taken in."""
    n = t.n
    count, inner, access = gemv_access(p, t)
    p.funcs += ["static inline void mv%d(float *restrict y, const float *restrict x) {" % n]
    p.funcs += gemv_lines(t, "y", "x", count, inner, access) + ["}"]
    inl = p.rng.choice(["__attribute__((noinline)) ", ""])
    p.funcs += ["%svoid %s(float *y, const float *x) { mv%d(y, x); }" % (inl, t.f, n)]
    if t.xsrc == "heap":
        p.main += ["  { float *xh = malloc(%d * sizeof *xh), *yh = malloc(%d * sizeof *yh);" % (p.M, p.M),
                   "    if (!xh || !yh) return 1;",
                   "    memcpy(xh, %s, %d * sizeof *xh);" % (t.xrow, p.M),
                   "    %s(yh, xh);" % t.f]
        gemv_report(p, t, "yh", count, inner, access)
        p.main += ["    free(xh); free(yh); }"]
    else:
        p.main += ["  %s(Y[%d], %s);" % (t.f, n % 8, t.xrow)]
        gemv_report(p, t, "Y[%d]" % (n % 8), count, inner, access)


SHAPES = {"dot": nest_dot, "rows": nest_rows, "cols": nest_rows, "gemm": nest_gemm,
          "gemm_inner": nest_gemm, "gemm_t": nest_gemm, "qdot": nest_qdot, "qrows": nest_qdot,
          "memsum": nest_memsum, "matmul": nest_matmul, "vla": nest_vla, "factor": nest_factor,
          "sums": nest_sums, "fir": nest_fir, "kernel": nest_kernel, "gemm_ikj": nest_update,
          "update_t": nest_update, "rows_malloc": nest_rows_malloc,
          "inline_restrict": nest_inline_restrict}
KINDS = list(SHAPES)
PASS_W = ("matmul", "vla", "kernel")  # kinds that pass W to a function


def program(rng, only=None):
    p = Program(rng)
    kinds = [rng.choice(only or KINDS) for _ in range(rng.randint(1, 5))]
    if p.per_row and not only:
        # a per-row W passed to a function stays float (in every nest of the
        # program): now and then only
        kinds = [rng.choice([k for k in KINDS if k not in PASS_W]) if k in PASS_W and rng.random() < 0.9
                 else k for k in kinds]
    # W float, the same in both builds: a dynamic product of it with V would
    # quantize W's rows, beyond the tolerance printed for two quantized
    # arrays, so such nests are not made dynamic (Nest)
    p.w_float = bool(p.weak) or (p.per_row and any(k in PASS_W for k in kinds))
    for n, kind in enumerate(kinds):
        p.funcs.append("/* nest%d: %s */" % (n, kind))
        SHAPES[kind](p, Nest(p, rng, n, kind))
        p.nests += 1
    return p.text(), p.nests, list(rng.choice(FLAVOURS))


def limit_memory():
    """a compile that runs away (a hang in the optimizer can take 10 GB in a
    minute) stops at 4 GB instead of taking the machine with it"""
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run(cmd, timeout, limit=None):
    """subprocess.run in a session of its own: on a time-out the whole
    process group (clang's driver and its cc1) is killed, and the time-out
    is a failure (rc None) rather than an exception that ends the run"""
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True, preexec_fn=limit) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return subprocess.CompletedProcess(cmd, None, "", "timed out after %d s" % timeout)
        return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def build(clang, plugin, runtime, include, path, exe, marked, flavour):
    """(a program compiles in well under a second; a compile that hangs
    counts as a crash after 60 s; no crash reproducers)"""
    cmd = [clang, "-O2", "-ffp-contract=off", "-fno-crash-diagnostics", "-I", include,
           "-fpass-plugin=" + plugin, "-Rpass=affq", path, runtime, "-lm", "-o", exe] + \
        (["-DMARKED"] if marked else []) + flavour
    return run(cmd, 60, limit_memory)


def parse(out):
    vals = {}
    for line in out.split("\n"):
        if line.strip():
            nest, at, y, tol = line.split()
            vals[(nest, at)] = (float.fromhex(y), float(tol))
    return vals


def tally(text, remarks, by_kind):
    """by_kind[kind] += [1 per nest, 1 per nest with a kernel call]: each
    "runs on the int8 kernel" remark belongs to the nest whose comment
    ("/* nestN: kind */") comes last before its line."""
    starts = [(i + 1, m.group(1), m.group(2)) for i, l in enumerate(text.split("\n"))
              for m in [re.match(r"/\* nest(\d+): (\w+) \*/", l)] if m]
    on = set()
    for line in re.findall(r"\.c:(\d+):\d+: remark: .*runs on the int8 kernel", remarks):
        before = [n for l, n, _ in starts if l < int(line)]
        if before:
            on.add(before[-1])
    for _, n, kind in starts:
        v = by_kind.setdefault(kind, [0, 0])
        v[0] += 1
        v[1] += n in on


def main():
    ap = fuzzargs.parser(__doc__)
    ap.add_argument("--kinds", default=None, help="only these shapes (comma-separated, from KINDS)")
    a = ap.parse_args()
    only = a.kinds and a.kinds.split(",")
    if only and any(k not in SHAPES for k in only):
        ap.error("--kinds: one of " + ", ".join(KINDS))
    rng = random.Random(a.seed)
    keep = a.keep or tempfile.mkdtemp(prefix="loopfuzz.")
    os.makedirs(keep, exist_ok=True)
    total_nests = replaced = mismatches = crashes = 0
    by_kind = {}  # kind: [nests, nests with a kernel call]
    for i in range(a.count):
        text, nests, flavour = program(rng, only)
        total_nests += nests
        path = os.path.join(keep, "p%04d.c" % i)
        with open(path, "w") as f:
            f.write(text)
        outs = []
        bad = False
        for marked in (False, True):
            exe = path[:-2] + (".marked" if marked else ".plain")
            b = build(a.clang, a.plugin, a.runtime, a.include, path, exe, marked, flavour)
            if b.returncode != 0:
                print("p%04d: build failed (%s):\n%s" % (i, "marked" if marked else "plain", b.stderr[-2000:]))
                crashes += 1
                bad = True
                break
            if marked:
                replaced += len(re.findall(r"runs on the int8 kernel", b.stderr))
                tally(text, b.stderr, by_kind)
            r = run([exe], 60)
            if r.returncode != 0:
                print("p%04d: exit %s (%s)%s" % (i, r.returncode, "marked" if marked else "plain",
                                                 "" if r.returncode is not None else ": timed out"))
                crashes += 1
                bad = True
                break
            outs.append(parse(r.stdout))
        if bad:
            continue
        plain, marked = outs
        for key, (y, tol) in plain.items():
            ym = marked.get(key, (None, None))[0]
            if ym is None or not (abs(ym - y) <= tol or (y != y and ym != ym)):
                print("p%04d: nest %s at %s: marked %r, plain %r, allowed %g" % (i, key[0], key[1], ym, y, tol))
                mismatches += 1
                break
        else:
            for suffix in (".c", ".plain", ".marked"):
                if not a.keep:
                    os.remove(path[:-2] + suffix)
    print("on kernels, by shape: " + ", ".join("%s %d/%d" % (k, v[1], v[0]) for k, v in sorted(by_kind.items())))
    print("programs %d, nests %d, replaced %d, mismatches %d, crashes %d"
          % (a.count, total_nests, replaced, mismatches, crashes))
    return 1 if mismatches or crashes else 0


if __name__ == "__main__":
    sys.exit(main())
