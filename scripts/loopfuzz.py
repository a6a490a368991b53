#!/usr/bin/env python3
"""loopfuzz.py - random marked product loops, checked against the same loops
unmarked.

Each program has one quantized weight matrix W (random shape, bits,
signedness, scheme, per-row) and a few product loop nests over it, of random
shape: a dot product over one row, GEMV along rows, GEMV down columns
(transposed), GEMM with the batch loop outside or inside, and dots of W with
a second quantized array V (or with itself), over the whole
matrix or a sub-block of it, with or without a bias, with x global, a
restrict pointer or a plain pointer (which may alias the output), with
constant or run-time trip counts, dynamic or not; and sums kept in memory
(Y[r] = Y[r] + W[r][c] * x[c], Y plain float).  W is sometimes filled by a
memcpy whose byte count is known only at run time, and sometimes weak (it
must then stay float, the same in both builds).  Each program is built in
one flavour: plain, -D_FORTIFY_SOURCE=2, or UBSan with every report fatal.

It is built with the plugin at -O2 twice: with the nests marked (AFFQ_LOOP)
and unmarked (element-wise, the exact quantized semantics).  Every output
must agree within what reordering the sum (and, dynamic, quantizing x) may
change, which the program prints next to each value:
    |y_marked - y_plain| <= 4 n 2^-24 sum|w' x| + (dynamic: (s_x/2) sum|w'|) + 1e-30
A wrong row, offset, stride or parameter set is off by the size of the
values, far beyond that.  Any difference, crash or compiler failure is
reported and the program kept.

  loopfuzz.py --clang CLANG --plugin affq.so --runtime libaffq_rt.a \
      --include DIR --count N [--seed S] [--keep DIR]
Prints "programs N, nests N, replaced R, mismatches M, crashes C" last.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

import fuzzargs  # beside this script


FLAVOURS = [[], [], ["-D_FORTIFY_SOURCE=2"], ["-fsanitize=undefined", "-fno-sanitize-recover=all"]]


def program(rng):
    R0, C0 = rng.randint(1, 24), rng.randint(1, 40)
    # W weak: it stays float (the same in both builds), so a dynamic product
    # of it with V would quantize W's rows, beyond the tolerance printed for
    # two quantized arrays: such nests are not made dynamic below
    weak = "__attribute__((weak)) " if rng.random() < 0.05 else ""
    per_row = rng.random() < 0.3
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
    src = ['#include "affq.h"', "#include <math.h>", "#include <stdio.h>",
           "#ifdef MARKED", "#define MARK AFFQ_LOOP", "#define MARK_DYN AFFQ_LOOP_OPTS(\"dynamic\")",
           "#else", "#define MARK", "#define MARK_DYN", "#endif",
           "#include <string.h>",
           'AFFQ_RANGE_OPTS(%r, %r, "%s") %sfloat W[%d][%d];' % (lo, hi, ",".join(opts), weak, R0, C0),
           'AFFQ_RANGE_OPTS(%r, %r, "%s") float V[4][%d];' % (vlo, vhi, ",".join(vopts), C0),
           "float X[8][%d], Y[8][%d], bias[%d];" % (max(R0, C0), max(R0, C0), max(R0, C0)),
           "volatile int one = 1;"]
    wfill = "Wf" if fill_by_copy else "W"  # filled through a buffer and a run-time memcpy
    main = ["int main(void) {", "  unsigned s = %du;" % rng.randint(1, 1 << 30),
            "  static float Wf[%d][%d]; volatile size_t wbytes = sizeof Wf;" % (R0, C0),
            "  for (int r = 0; r < %d; r++) for (int c = 0; c < %d; c++) {" % (R0, C0),
            "    s = s * 1664525u + 1013904223u; %s[r][c] = %r + %r * (float)(s >> 8) / 16777216.0f; }"
            % (wfill, lo, hi - lo),
            "  if (%d) memcpy(W, Wf, wbytes);" % fill_by_copy,
            "  for (int r = 0; r < 4; r++) for (int c = 0; c < %d; c++) {" % C0,
            "    s = s * 1664525u + 1013904223u; V[r][c] = %r + %r * (float)(s >> 8) / 16777216.0f; }"
            % (vlo, vhi - vlo),
            "  for (int i = 0; i < 8; i++) for (int k = 0; k < %d; k++) {" % max(R0, C0),
            "    s = s * 1664525u + 1013904223u; X[i][k] = (float)(s >> 8) / 8388608.0f - 1.0f; }",
            "  for (int k = 0; k < %d; k++) bias[k] = 0.25f * X[7][k];" % max(R0, C0)]
    nests = 0
    for n in range(rng.randint(1, 4)):
        kind = rng.choice(["dot", "rows", "cols", "gemm", "gemm_inner", "gemm_t", "qdot", "qrows",
                           "memsum"])
        dyn = rng.random() < 0.4 and not (weak and kind in ("qdot", "qrows"))
        mark = "MARK_DYN" if dyn else "MARK"
        r0 = rng.randint(0, R0 - 1)
        c0 = rng.randint(0, C0 - 1) if rng.random() < 0.3 else 0
        nr = rng.randint(1, R0 - r0)
        nc = rng.randint(1, C0 - c0) if rng.random() < 0.4 else C0 - c0
        m = rng.randint(1, 5)
        init = rng.choice(["0.0f", "bias[%s]"])
        xsrc = rng.choice(["global", "restrict", "plain"])
        runtime_n = rng.random() < 0.3
        f = "nest%d" % n
        xparam = {"global": "void", "restrict": "const float *restrict xp",
                  "plain": "const float *xp"}[xsrc]
        xarg = {"global": "", "restrict": "X[%d]" % (n % 8), "plain": "X[%d]" % (n % 8)}[xsrc]
        xname = "X[%d]" % (n % 8) if xsrc == "global" else "xp"
        lim = lambda v: "(%d * one)" % v if runtime_n else str(v)
        out = "Y[%d]" % (n % 8)
        body = []
        # each nest prints y, sum |w' x| and the dynamic term per output
        if kind == "dot":
            r = rng.randint(0, R0 - 1)
            body += ["float %s(%s) {" % (f, xparam), "  float acc = %s;" % (init % r if "%" in init else init),
                     "  %s" % mark,
                     "  for (int c = 0; c < %s; c++)" % lim(nc),
                     "    acc += W[%d][%d + c] * %s[c];" % (r, c0, xname), "  return acc;", "}"]
            main += ["  { float y = %s(%s); double a = 0, w = 0;" % (f, xarg),
                     "    for (int c = 0; c < %d; c++) { a += fabs((double)W[%d][%d + c] * X[%d][c]); w += fabs(W[%d][%d + c]); }"
                     % (nc, r, c0, n % 8, r, c0),
                     "    report(%d, 0, y, a, w, %d, X[%d], %d); }" % (n, nc, n % 8, 1 if dyn else 0)]
            nests += 1
            src += body
            continue
        if kind in ("qdot", "qrows"):  # two quantized arrays: W row(s) . V row, or W . W
            v = "W[%d]" % rng.randint(0, R0 - 1) if rng.random() < 0.25 else "V[%d]" % rng.randint(0, 3)
            count = nr if kind == "qrows" else 1
            body += ["void %s(void) {" % f, "  %s" % mark,
                     "  for (int r = 0; r < %s; r++) {" % lim(count),
                     "    float acc = %s;" % (init % "r" if "%" in init else init),
                     "    for (int c = 0; c < %s; c++)" % lim(nc),
                     "      acc += W[%d + r][%d + c] * %s[%d + c];" % (r0, c0, v, c0),
                     "    %s[r] = acc;" % out, "  }", "}"]
            main += ["  %s();" % f,
                     "  for (int r = 0; r < %d; r++) { double a = 0, w = 0;" % count,
                     "    for (int c = 0; c < %d; c++) a += fabs((double)W[%d + r][%d + c] * %s[%d + c]);"
                     % (nc, r0, c0, v, c0),
                     "    report(%d, r, %s[r], a, w, %d, X[0], 0); }" % (n, out, nc)]
            nests += 1
            src += body
            continue
        if kind == "memsum":  # the sum kept in (plain float) memory, not in a register
            body += ["void %s(%s) {" % (f, xparam), "  %s" % mark,
                     "  for (int r = 0; r < %s; r++) {" % lim(nr),
                     "    %s[r] = %s;" % (out, init % "r" if "%" in init else init),
                     "    for (int c = 0; c < %s; c++)" % lim(nc),
                     "      %s[r] = %s[r] + W[%d + r][%d + c] * %s[c];" % (out, out, r0, c0, xname),
                     "  }", "}"]
            main += ["  %s(%s);" % (f, xarg),
                     "  for (int r = 0; r < %d; r++) { double a = 0, w = 0;" % nr,
                     "    for (int c = 0; c < %d; c++) { a += fabs((double)W[%d + r][%d + c] * X[%d][c]); w += fabs(W[%d + r][%d + c]); }"
                     % (nc, r0, c0, n % 8, r0, c0),
                     "    report(%d, r, %s[r], a, w, %d, X[%d], %d); }" % (n, out, nc, n % 8, 1 if dyn else 0)]
            nests += 1
            src += body
            continue
        if kind in ("rows", "cols"):
            if kind == "rows":
                access, count, inner = "W[%d + r][%d + c]" % (r0, c0), nr, nc
            else:  # y[j] = sum_k W[k][j] x[k]: j over columns, k over rows
                inner, count = nr, nc
                access = "W[%d + c][%d + r]" % (r0, c0)
            body += ["void %s(%s) {" % (f, xparam), "  %s" % mark,
                     "  for (int r = 0; r < %s; r++) {" % lim(count),
                     "    float acc = %s;" % (init % "r" if "%" in init else init),
                     "    for (int c = 0; c < %s; c++)" % lim(inner),
                     "      acc += %s * %s[c];" % (access, xname),
                     "    %s[r] = acc;" % out, "  }", "}"]
            main += ["  %s(%s);" % (f, xarg),
                     "  for (int r = 0; r < %d; r++) { double a = 0, w = 0;" % count,
                     "    for (int c = 0; c < %d; c++) { a += fabs((double)%s * X[%d][c]); w += fabs(%s); }"
                     % (inner, access, n % 8, access),
                     "    report(%d, r, %s[r], a, w, %d, X[%d], %d); }" % (n, out, inner, n % 8, 1 if dyn else 0)]
        else:  # GEMM: Y[i][r] = sum_c X[i][c] W[..]
            if kind == "gemm_t":
                access, count, inner = "W[%d + c][%d + r]" % (r0, c0), nc, nr
            else:
                access, count, inner = "W[%d + r][%d + c]" % (r0, c0), nr, nc
            xg = "Xg%d" % n  # dense rows of `inner` floats, so a batch loop can be taken in
            src.append("float %s[%d][%d];" % (xg, m, inner))
            main += ["  for (int i = 0; i < %d; i++) for (int c = 0; c < %d; c++) %s[i][c] = X[i][c];"
                     % (m, inner, xg)]
            loops = [("i", m), ("r", count)]
            if kind == "gemm_inner":
                loops.reverse()
            body += ["void %s(void) {" % f, "  %s" % mark,
                     "  for (int %s = 0; %s < %s; %s++)" % (loops[0][0], loops[0][0], lim(loops[0][1]), loops[0][0]),
                     "    for (int %s = 0; %s < %s; %s++) {" % (loops[1][0], loops[1][0], lim(loops[1][1]), loops[1][0]),
                     "      float acc = %s;" % (init % "r" if "%" in init else init),
                     "      for (int c = 0; c < %s; c++)" % lim(inner),
                     "        acc += %s[i][c] * %s;" % (xg, access),
                     "      Y[i][r] = acc;", "    }", "}"]
            main += ["  %s();" % f,
                     "  for (int i = 0; i < %d; i++) for (int r = 0; r < %d; r++) { double a = 0, w = 0;" % (m, count),
                     "    for (int c = 0; c < %d; c++) { a += fabs((double)%s * X[i][c]); w += fabs(%s); }"
                     % (inner, access, access),
                     "    report(%d, i * 1000 + r, Y[i][r], a, w, %d, X[i], %d); }" % (n, inner, 1 if dyn else 0)]
        nests += 1
        src += body
    helper = ["static void report(int nest, int at, float y, double absum, double wsum, int n,",
              "                   const float *x, int dyn) {",
              "  double sx = 0;",
              "  if (dyn) { affq_qparams p; if (affq_choose_qparams_f32(x, (size_t)n, 8, 0, AFFQ_AFFINE, &p) == 0) sx = p.scale; }",
              "  printf(\"%d %d %a %.17g\\n\", nest, at, y, 4.0 * n * 0x1p-24 * absum + sx / 2 * 1.001 * wsum + 1e-30);",
              "}"]
    main += ["  return 0;", "}"]
    return "\n".join(src[:15] + helper + src[15:] + main) + "\n", nests, list(rng.choice(FLAVOURS))


def build(clang, plugin, runtime, include, path, exe, marked, flavour):
    cmd = [clang, "-O2", "-ffp-contract=off", "-I", include, "-fpass-plugin=" + plugin,
           "-Rpass=affq", path, runtime, "-lm", "-o", exe] + (["-DMARKED"] if marked else []) + flavour
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def parse(out):
    vals = {}
    for line in out.split("\n"):
        if line.strip():
            nest, at, y, tol = line.split()
            vals[(nest, at)] = (float.fromhex(y), float(tol))
    return vals


def main():
    a = fuzzargs.parser(__doc__).parse_args()
    rng = random.Random(a.seed)
    keep = a.keep or tempfile.mkdtemp(prefix="loopfuzz.")
    os.makedirs(keep, exist_ok=True)
    total_nests = replaced = mismatches = crashes = 0
    for i in range(a.count):
        text, nests, flavour = program(rng)
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
            r = subprocess.run([exe], capture_output=True, text=True, timeout=60)
            if r.returncode != 0:
                print("p%04d: exit %d (%s)" % (i, r.returncode, "marked" if marked else "plain"))
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
    print("programs %d, nests %d, replaced %d, mismatches %d, crashes %d"
          % (a.count, total_nests, replaced, mismatches, crashes))
    return 1 if mismatches or crashes else 0


if __name__ == "__main__":
    sys.exit(main())
