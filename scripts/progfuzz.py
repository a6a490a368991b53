#!/usr/bin/env python3
"""progfuzz.py - random annotated C programs, checked against the reference.

Each program has a few annotated float arrays (global, static or local; 1-D
or 2-D; constant-initialized or with a range; random bits, signedness,
scheme, per-row) and random code over them:
  - writes with constant, variable and computed indices;
  - loops, and pointers walking the array;
  - memcpy into the array from floats, out of it to floats, and between arrays;
  - memcpy/memmove/memset with a byte count known only at run time, whole
    floats or not (a trailing partial float is copied exactly);
  - a running sum kept in an array across a loop: the array must stay float
    (with the refusal remark), unless it opts in with `accumulate`;
  - weak globals, and tentative definitions under -fcommon: they must stay
    float, with the refusal remark;
  - calls to helper functions that read or write through the pointer;
    helpers that also name the array they are given a pointer into; calls
    that carry two arrays; and helpers that name a global array and pass
    it on beside the pointer they were given (a joint clone inside a clone).
Each program is built in one flavour: plain, as distributions build
(-D_FORTIFY_SOURCE=2) or under UBSan (-fsanitize=undefined, any report
fatal); the reference gets the same flags.  It is built with the plugin at
-O0 and -O2, and as the reference
(test/pass/Inputs/reference.h: -DAFFQ_REFERENCE, no plugin, every write
through the runtime's scalar quantize/dequantize).  All must print the same
bytes.  Any difference, crash or compiler failure is reported and the program
kept.

  progfuzz.py --clang CLANG --plugin affq.so --runtime libaffq_rt.a \
      --include DIR --count N [--seed S] [--keep DIR] [--opt-levels 0,2]
Prints "programs N, arrays quantized Q, mismatches M, crashes C" last.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

import fuzzargs  # beside this script

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE_H = os.path.join(HERE, "..", "test", "pass", "Inputs", "reference.h")


def fnum(x):
    s = "%.6g" % x
    if re.fullmatch(r"-?[0-9]+", s):  # -3 would read as an int, and -3f is no C
        s += ".0"
    return s + "f"


class Array:
    def __init__(self, rng, name, idx, common=False):
        self.name = name
        self.place = rng.choice(["global", "static", "local"])
        self.weak = self.place == "global" and rng.random() < 0.08
        self.two_d = rng.random() < 0.35
        self.rows = rng.randint(1, 5) if self.two_d else 1
        self.cols = rng.randint(1, 9) if self.two_d else rng.randint(1, 40)
        self.n = self.rows * self.cols
        self.const = rng.random() < 0.4
        self.bits = rng.choice([8, 8, 8, 6, 4, 2])
        self.signed = rng.random() < 0.7
        self.scheme = rng.choice(["affine", "affine", "symmetric"])
        self.per_row = self.two_d and self.const and rng.random() < 0.4
        lo = rng.uniform(-5, 1)
        self.lo, self.hi = lo, lo + rng.uniform(0.5, 8)
        self.init = [round(rng.uniform(self.lo, self.hi), 4) for _ in range(self.n)]
        if self.const and all(v == 0 for v in self.init):
            self.init[0] = 1.0
        # a running sum kept in it (not in a local: its remark names no array)
        self.running = (not self.const and self.place != "local" and rng.random() < 0.15)
        self.accumulate = self.running and rng.random() < 0.5
        self.common = common and self.place == "global" and not self.const and not self.weak
        # what the plugin must refuse: the reference keeps these float
        self.expect_float = self.weak or self.common or (self.running and not self.accumulate)

    def put(self, lvalue, value):
        """C for storing value: quantized (through PUT) unless it stays float."""
        if self.expect_float:
            return "(%s = %s)" % (lvalue, value)
        return "PUT(%s, %s, %s)" % (self.name, lvalue, value)

    def options(self):
        opts = []
        if self.bits != 8:
            opts.append("bits=%d" % self.bits)
        if not self.signed:
            opts.append("unsigned")
        if self.scheme == "symmetric":
            opts.append("symmetric")
        if self.per_row:
            opts.append("per_row")
        if self.accumulate:
            opts.append("accumulate")
        return ",".join(opts)

    def decl(self):
        opts = self.options()
        if self.const:
            ann = 'AFFQ_OPTS("%s")' % opts if opts else "AFFQ"
        else:
            ann = ("AFFQ_RANGE_OPTS(%s, %s, \"%s\")" % (fnum(self.lo), fnum(self.hi), opts) if opts
                   else "AFFQ_RANGE(%s, %s)" % (fnum(self.lo), fnum(self.hi)))
        storage = "static " if self.place in ("static",) else ""
        if self.place == "local" and self.const:
            storage = ""  # a local initialized by memcpy from a constant
        dims = "[%d][%d]" % (self.rows, self.cols) if self.two_d else "[%d]" % self.n
        qual = "CONST " if self.const and self.place != "local" else ""
        init = ""
        if self.const:
            if self.two_d:
                rows = ["{%s}" % ", ".join(fnum(v) for v in self.init[r * self.cols:(r + 1) * self.cols])
                        for r in range(self.rows)]
                init = " = {%s}" % ", ".join(rows)
            else:
                init = " = {%s}" % ", ".join(fnum(v) for v in self.init)
        weak = "__attribute__((weak)) " if self.weak else ""
        return "%s %s%s%sfloat %s%s%s;" % (ann, weak, storage, qual, self.name, dims, init)

    def ref_setup(self):
        if self.expect_float:
            return ""
        sgn = 1 if self.signed else 0
        sch = "AFFQ_SYMMETRIC" if self.scheme == "symmetric" else "AFFQ_AFFINE"
        if self.per_row:
            return ("#ifdef AFFQ_REFERENCE\nfor (int r = 0; r < %d; r++) ref_init(%s[r], %d, %d, %d, %s, &ref_%s_rows[r]);\n#endif"
                    % (self.rows, self.name, self.cols, self.bits, sgn, sch, self.name))
        if self.const:
            return "REF_INIT(%s, %d, %d, %s);" % (self.name, self.bits, sgn, sch)
        return "REF_RANGE(%s, %s, %s, %d, %d, %s);" % (self.name, fnum(self.lo), fnum(self.hi),
                                                      self.bits, sgn, sch)

    def elem(self, flat):
        """C lvalue of flat element index (an expression string)."""
        if self.two_d:
            return "%s[(%s) / %d][(%s) %% %d]" % (self.name, flat, self.cols, flat, self.cols)
        return "%s[%s]" % (self.name, flat)


def value(rng, a):
    r = rng.random()
    if r < 0.05:
        return "NAN"
    if r < 0.15:
        return fnum(rng.choice([a.lo - rng.uniform(0, 20), a.hi + rng.uniform(0, 20)]))
    return fnum(rng.uniform(a.lo, a.hi))


FLAVOURS = [[], [], ["-D_FORTIFY_SOURCE=2"], ["-fsanitize=undefined", "-fno-sanitize-recover=all"]]


def touched(a, first, nbytes):
    """Reference: after nbytes were copied into a from element first, each
    float they touched holds a code again (a partial one: its bytes mixed)."""
    return "for (size_t i_ = %s; i_ < %s + ((size_t)(%s) + 3) / 4; i_++) %s;" % (
        first, first, nbytes, a.put(a.elem("i_"), a.elem("i_")))


def program(rng):
    common = rng.random() < 0.1
    flags = list(rng.choice(FLAVOURS)) + (["-fcommon"] if common else [])
    arrays = [Array(rng, "a%d" % i, i, common) for i in range(rng.randint(1, 3))]
    writable = [a for a in arrays if not a.const and not a.per_row]
    top, helpers, body = [], [], []
    for a in arrays:
        if a.place != "local":
            top.append(a.decl())
        if a.per_row:
            top.append("#ifdef AFFQ_REFERENCE\nstatic affq_qparams ref_%s_rows[%d];\n#endif" % (a.name, a.rows))
        elif a.place != "local":
            top.append("REF_PARAMS(%s);" % a.name)
    for a in arrays:
        if a.place == "local":
            body.append(a.decl())
            if a.per_row:
                pass
            else:
                body.append("REF_PARAMS(%s);" % a.name)
        body.append(a.ref_setup())
        if a.place == "local" and not a.const:  # reading it uninitialized would be undefined
            body.append("for (int i = 0; i < %d; i++) %s;" % (a.n, a.put(a.elem("i"), fnum(a.lo))))
        if a.running:  # every partial sum stored: the plugin must refuse it, or it accumulates
            k = rng.randrange(a.n)
            body.append("for (int j = 0; j < %d; j++) %s;" % (rng.randint(2, 30), a.put(
                a.elem(str(k)), "%s + %s * (float)j" % (a.elem(str(k)), fnum(rng.uniform(-0.2, 0.2))))))
    body.append("float acc = 0, buf[64];")
    body.append("(void)buf;")
    hid = 0
    for _ in range(rng.randint(3, 10)):
        kind = rng.choice(["write", "loop", "walk", "read", "memcpy_in", "memcpy_out", "memcpy_between",
                           "helper_read", "helper_write", "helper_named", "helper_two", "helper_chain",
                           "memcpy_in_rt", "memcpy_out_rt", "memcpy_between_rt", "memset_rt"])
        if kind in ("write", "loop", "walk", "memcpy_in", "helper_write", "memcpy_in_rt",
                    "memset_rt") and not writable:
            kind = "read"
        if kind == "write":
            a = rng.choice(writable)
            body.append("%s;" % a.put(a.elem(str(rng.randrange(a.n))), value(rng, a)))
        elif kind == "loop":
            a = rng.choice(writable)
            k = rng.randint(1, 7)
            body.append("for (int i = 0; i < %d; i++) %s;"
                        % (a.n, a.put(a.elem("(i * %d + 1) %% %d" % (k, a.n)), "%s + %s * (float)((i * %d) %% 5)"
                                      % (fnum(a.lo), fnum((a.hi - a.lo) / 4), k))))
        elif kind == "walk":
            a = rng.choice(writable)
            start = rng.randrange(a.n)
            body.append("{ float *p = &%s; for (int i = %d; i < %d; i++, p++) %s; }"
                        % (a.elem(str(start)), start, a.n, a.put("*p", "%s - 0.37f * (float)i" % fnum(a.hi))))
        elif kind == "read":
            a = rng.choice(arrays)
            body.append("for (int i = 0; i < %d; i++) acc += %s * %s;"
                        % (a.n, a.elem("i"), fnum(rng.uniform(-2, 2))))
        elif kind == "memcpy_in":
            a = rng.choice(writable)
            m = rng.randint(1, a.n)
            vals = ", ".join(value(rng, a) for _ in range(m))
            body.append("{ float src[%d] = {%s};" % (m, vals))
            body.append("#ifdef AFFQ_REFERENCE\n for (int i = 0; i < %d; i++) %s;\n#else\n"
                        " memcpy(&%s, src, sizeof src);\n#endif\n}" % (m, a.put(a.elem("i"), "src[i]"), a.elem("0")))
        elif kind == "memcpy_out":
            a = rng.choice(arrays)
            if a.per_row:
                continue
            body.append("memcpy(buf, &%s, %d * sizeof(float)); print_floats(\"out\", buf, %d);"
                        % (a.elem("0"), min(a.n, 64), min(a.n, 64)))
        elif kind == "memcpy_between" and len(arrays) > 1:
            src, dst = rng.sample(arrays, 2)
            if dst not in writable or src.per_row:
                continue
            m = min(src.n, dst.n)
            body.append("#ifdef AFFQ_REFERENCE\nfor (int i = 0; i < %d; i++) %s;\n#else\n"
                        "memcpy(&%s, &%s, %d * sizeof(float));\n#endif"
                        % (m, dst.put(dst.elem("i"), src.elem("i")), dst.elem("0"), src.elem("0"), m))
        elif kind == "helper_read":
            a = rng.choice(arrays)
            if a.per_row:
                continue
            hid += 1
            helpers.append("static float h%d(const float *p, int n) { float s = 0; for (int i = 0; i < n; i++) s += p[i] * (float)(i + 1); return s; }" % hid)
            start = rng.randrange(a.n)
            body.append("acc += h%d(&%s, %d);" % (hid, a.elem(str(start)), a.n - start))
        elif kind == "helper_write":
            a = rng.choice(writable)
            if a.place == "local":
                continue  # the reference helper names the array's parameters
            hid += 1
            helpers.append("static void h%d(float *p, int n) { for (int i = 0; i < n; i++) %s; }"
                           % (hid, a.put("p[i]", "%s + 0.21f * (float)i" % fnum(a.lo))))
            start = rng.randrange(a.n)
            body.append("h%d(&%s, %d);" % (hid, a.elem(str(start)), a.n - start))
        elif kind == "helper_named":  # given a pointer into a global array, and naming it too
            a = rng.choice(arrays)
            if a.per_row or a.place == "local":
                continue
            hid += 1
            k = rng.randrange(a.n)
            write = a in writable and rng.random() < 0.5
            helpers.append("static float h%d(const float *p, int n) { float s = %s; for (int i = 0; i < n; i++) s += p[i]; %sreturn s; }"
                           % (hid, a.elem(str(k)),
                              "%s; " % a.put(a.elem(str(rng.randrange(a.n))), "s * 0.5f") if write else ""))
            start = rng.randrange(a.n)
            body.append("acc += h%d(&%s, %d);" % (hid, a.elem(str(start)), a.n - start))
        elif kind == "helper_two":  # one call carrying two arrays (a joint clone)
            pool = [x for x in arrays if not x.per_row]
            if len(pool) < 2:
                continue
            a, b = rng.sample(pool, 2)
            hid += 1
            sa, sb = rng.randrange(a.n), rng.randrange(b.n)
            m = min(a.n - sa, b.n - sb)
            write = a in writable and a.place != "local" and rng.random() < 0.6
            helpers.append("static float h%d(float *p, const float *q, int n) { float s = 0; for (int i = 0; i < n; i++) { s += q[i] * p[i]; %s} return s; }"
                           % (hid, "%s; " % a.put("p[i]", "p[i] * 0.5f + q[i] * 0.25f") if write else ""))
            body.append("acc += h%d(&%s, &%s, %d);" % (hid, a.elem(str(sa)), b.elem(str(sb)), m))
        elif kind == "helper_chain":  # given a pointer into a, names global c and passes both on
            pool = [x for x in arrays if not x.per_row]
            named = [x for x in pool if x.place != "local"]
            if not pool or not named:
                continue
            a, c = rng.choice(pool), rng.choice(named)
            hid += 1
            sa = rng.randrange(a.n)
            m = min(a.n - sa, c.n)
            helpers.append("static float g%d(const float *p, const float *q, int n) { float s = 0; for (int i = 0; i < n; i++) s += p[i] * q[i]; return s; }" % hid)
            helpers.append("static float h%d(const float *p, int n) { return g%d(p, &%s, n) + %s; }"
                           % (hid, hid, c.elem("0"), c.elem(str(rng.randrange(c.n)))))
            body.append("acc += h%d(&%s, %d);" % (hid, a.elem(str(sa)), m))
        elif kind == "memcpy_in_rt":  # a byte count known only at run time, whole floats or not
            a = rng.choice(writable)
            m = rng.randint(1, a.n)
            nb = rng.randint(1, 4 * m)
            vals = ", ".join(value(rng, a) for _ in range(m))
            body.append("{ float src[%d] = {%s}; volatile size_t nb = %d;" % (m, vals, nb))
            body.append(" memcpy(&%s, src, nb);\n#ifdef AFFQ_REFERENCE\n %s\n#endif\n}"
                        % (a.elem("0"), touched(a, "0", "nb")))
        elif kind == "memcpy_out_rt":
            a = rng.choice(arrays)
            if a.per_row:
                continue
            m = min(a.n, 64)
            body.append("{ volatile size_t nb = %d; memset(buf, 0, sizeof buf); memcpy(buf, &%s, nb); print_floats(\"out\", buf, %d); }"
                        % (rng.randint(1, 4 * m), a.elem("0"), m))
        elif kind == "memcpy_between_rt" and len(arrays) > 1:
            src, dst = rng.sample(arrays, 2)
            if dst not in writable or src.per_row:
                continue
            nb = rng.randint(1, 4 * min(src.n, dst.n))
            body.append("{ volatile size_t nb = %d; memcpy(&%s, &%s, nb);\n#ifdef AFFQ_REFERENCE\n %s\n#endif\n}"
                        % (nb, dst.elem("0"), src.elem("0"), touched(dst, "0", "nb")))
        elif kind == "memset_rt":
            a = rng.choice(writable)
            first = rng.randrange(a.n)
            nb = rng.randint(1, 4 * (a.n - first))
            byte = rng.choice([0, 0x3f, 0x40, 0xbf, 0xc1, 0xff])
            body.append("{ volatile size_t nb = %d; volatile int byte = %d; memset(&%s, byte, nb);\n#ifdef AFFQ_REFERENCE\n %s\n#endif\n}"
                        % (nb, byte, a.elem(str(first)), touched(a, str(first), "nb")))
    for a in arrays:
        body.append("for (int i = 0; i < %d; i++) buf[i %% 64] = %s, acc += buf[i %% 64];" % (a.n, a.elem("i")))
        body.append('print_floats("%s", buf, %d);' % (a.name, min(a.n, 64)))
    body.append('printf("acc %a\\n", acc);')
    src = ['#include "%s"' % os.path.abspath(REFERENCE_H), "#include <string.h>"]
    src += top + helpers
    src += ["int main(void) {"] + ["  " + line for line in body] + ["  return 0;", "}"]
    # helpers that PUT into a global must see its REF_PARAMS: they come after top.
    return "\n".join(src) + "\n", arrays, flags


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw)


def main():
    ap = fuzzargs.parser(__doc__)
    ap.add_argument("--opt-levels", default="0,2")
    args = ap.parse_args()
    levels = [int(x) for x in args.opt_levels.split(",")]
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="affq-progfuzz-")
    quantized = mismatches = crashes = 0
    base = [args.clang, "-I" + args.include, "-ffp-contract=off", "-w"]
    for k in range(args.count):
        src, arrays, flavour = program(rng)
        expect_float = sorted("'%s'" % a.name for a in arrays if a.expect_float)
        path = os.path.join(work, "p%d.c" % k)
        open(path, "w").write(src)
        outputs, problem = {}, None
        for name, flags in [("ref", ["-O0", "-DAFFQ_REFERENCE"])] + [
                ("O%d" % o, ["-O%d" % o, "-fpass-plugin=" + args.plugin, "-Rpass=affq",
                             "-Rpass-missed=affq"]) for o in levels]:
            exe = path + "." + name
            c = run(base + flavour + flags + [path, args.runtime, "-lm", "-o", exe])
            if c.returncode != 0:
                problem = "compile %s failed: %s" % (name, c.stderr.strip().splitlines()[-1:] )
                break
            if name == "O0":
                quantized += len(re.findall(r"remark: quantized", c.stderr))
                # -w hides the warning; the remark says the same.  Exactly the
                # arrays meant to stay float must be refused.
                refusals = re.findall(r"remark: (.*?) stays float: (.*?) \[", c.stderr)
                refused = sorted(set(name for name, _ in refusals))
                if refused != expect_float:
                    problem = "refused %s, expected %s: %s" % (refused, expect_float, refusals[:1])
                    break
            r = run([exe])
            if r.returncode != 0:
                problem = "%s exited with %d" % (name, r.returncode)
                crashes += 1
                break
            outputs[name] = r.stdout
        if not problem:
            for name, out in outputs.items():
                if out != outputs["ref"]:
                    problem = "%s differs from the reference" % name
                    break
        if problem:
            if "differs" in problem or "refused" in problem or "compile" in problem:
                mismatches += 1
            print("program %d (seed %d): %s" % (k, args.seed, problem))
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                open(os.path.join(args.keep, "p%d_seed%d.c" % (k, args.seed)), "w").write(src)
    print("programs %d, arrays quantized %d, mismatches %d, crashes %d"
          % (args.count, quantized, mismatches, crashes))
    return 1 if mismatches or crashes else 0


if __name__ == "__main__":
    sys.exit(main())
