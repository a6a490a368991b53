#!/usr/bin/env python3
"""progfuzz.py - random annotated C programs, checked against the reference.

Each program has a few annotated float or double arrays (about a quarter
double; global, static or local; 1-D or 2-D; constant-initialized or with a
range; random bits, signedness, scheme, per-row) and random code over them:
  - writes with constant, variable and computed indices;
  - loops, and pointers walking the array;
  - memcpy into the array from floats (doubles), out of it, and between
    arrays of the same element type;
  - memcpy/memset with a byte count, and a memset byte, known only at run
    time: whole elements or not (a trailing partial float or double is
    copied exactly), for doubles half the time `n * sizeof(double)`.  Some
    double arrays are also copied out with a bare byte count (a partial
    double);
  - fread from a tmpfile() the program wrote (values in and out of the
    array's range) into the array at an element offset: items of the
    element's size, single bytes (a count that may end inside an element),
    or items of another size; sometimes more than the file holds (a short
    read: the result, feof and ftell printed), a file that ends inside an
    element, or a stream first moved past a few bytes; sometimes a
    `volatile size_t` count (with -D_FORTIFY_SOURCE=2, __fread_chk),
    fread_unlocked (under _GNU_SOURCE, in main only, never with a constant
    size * count of 8 bytes or less: see fread_load), or a helper given a
    pointer into the array that does the fread.  The reference freads into
    its float (double) array and rounds each element the bytes touched;
  - a running sum kept in an array across a loop: the array must stay float
    (with the refusal remark), unless it opts in with `accumulate`;
  - weak globals, and tentative definitions under -fcommon: they must stay
    float, with the refusal remark;
  - calls to helper functions that read or write through the pointer;
    helpers that also name the array they are given a pointer into; calls
    that carry two arrays (of either type); and helpers that name a global
    array and pass it on beside the pointer they were given (a joint clone
    inside a clone).
About 15% of the programs have two files: one or two annotated non-static
globals (per tensor, signed codes, float or double) are defined in
second.c, with helpers there that read and write them, and declared in
shared.h as `extern float W[N]; AFFQ_EXTERN(W);`; main.c uses them like its
own arrays (except memset, which the pass refuses on an AFFQ_EXTERN array)
and calls those helpers.  shared.h also declares the reference parameters
(ref_W), defined in second.c, so both files quantize W alike.  Half of
these builds compile second.c at the other -O level than main.c.
Each program is built in one flavour: plain, as distributions build
(-D_FORTIFY_SOURCE=2) or under UBSan (-fsanitize=undefined, any report
fatal); the reference gets the same flags.  It is built with the plugin at
-O0 and -O2, and as the reference
(test/pass/Inputs/reference.h: -DAFFQ_REFERENCE, no plugin, every write
through the runtime's scalar quantize/dequantize, for doubles its double
API).  All must print the same bytes (doubles and floats printed with %a).
Any difference, crash or compiler failure is reported and the program kept
(a directory with its files and flags, under --keep).

  progfuzz.py --clang CLANG --plugin affq.so --runtime libaffq_rt.a \
      --include DIR --count N [--seed S] [--keep DIR] [--opt-levels 0,2]
Prints the arrays by kind (double, copied out with a partial double, two-file
programs, extern arrays, mixed -O levels, fread loads: short ones,
fread_unlocked, in helpers, with a volatile count), then, last, "programs N,
arrays quantized Q, mismatches M, crashes C".
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


def dnum(x):
    """A double constant (no suffix), with more digits than fnum."""
    s = "%.10g" % x
    if re.fullmatch(r"-?[0-9]+", s):
        s += ".0"
    return s


class Array:
    def __init__(self, rng, name, idx, common=False, extern=False):
        self.name = name
        # defined in the second file, declared extern with AFFQ_EXTERN here
        self.extern = extern
        self.ty = "double" if rng.random() < 0.25 else "float"
        self.esize = 8 if self.ty == "double" else 4
        self.num = dnum if self.ty == "double" else fnum
        self.cast = "(%s)" % self.ty
        self.place = "global" if extern else rng.choice(["global", "static", "local"])
        self.weak = self.place == "global" and not extern and rng.random() < 0.08
        self.two_d = rng.random() < 0.35
        self.rows = rng.randint(1, 5) if self.two_d else 1
        self.cols = rng.randint(1, 9) if self.two_d else rng.randint(1, 40)
        self.n = self.rows * self.cols
        self.const = rng.random() < 0.4
        self.bits = rng.choice([8, 8, 8, 6, 4, 2])
        # AFFQ_EXTERN reads signed codes (W.affq.codes.i8): an unsigned
        # definition fails to link by design (test/pass/multi-file.test)
        self.signed = rng.random() < 0.7 or extern
        self.scheme = rng.choice(["affine", "affine", "symmetric"])
        self.per_row = self.two_d and self.const and not extern and rng.random() < 0.4
        lo = rng.uniform(-5, 1)
        self.lo, self.hi = lo, lo + rng.uniform(0.5, 8)
        self.init = [round(rng.uniform(self.lo, self.hi), 4) for _ in range(self.n)]
        if self.const and all(v == 0 for v in self.init):
            self.init[0] = 1.0
        # a running sum kept in it (not in a local: its remark names no array)
        self.running = (not self.const and self.place != "local" and not extern
                        and rng.random() < 0.15)
        self.accumulate = self.running and rng.random() < 0.5
        self.common = common and self.place == "global" and not self.const and not self.weak
        # a double array also copied out with a byte count that is not
        # n * sizeof(double): a partial double, copied exactly at run time
        # (not a per-row one, which memcpy keeps double; tested after the
        # draw, so a seed's programs are as they were)
        self.partial = (self.ty == "double" and not extern and self.place != "local"
                        and rng.random() < 0.12 and not self.per_row)
        # what the plugin must refuse: the reference keeps these float (double)
        self.expect_float = self.weak or self.common or (self.running and not self.accumulate)

    def put(self, lvalue, value):
        """C for storing value: quantized (through PUT) unless it stays float."""
        if self.expect_float:
            return "(%s = %s)" % (lvalue, value)
        return "%s(%s, %s, %s)" % ("PUT_D" if self.ty == "double" else "PUT", self.name, lvalue, value)

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
                rows = ["{%s}" % ", ".join(self.num(v) for v in self.init[r * self.cols:(r + 1) * self.cols])
                        for r in range(self.rows)]
                init = " = {%s}" % ", ".join(rows)
            else:
                init = " = {%s}" % ", ".join(self.num(v) for v in self.init)
        weak = "__attribute__((weak)) " if self.weak else ""
        return "%s %s%s%s%s %s%s%s;" % (ann, weak, storage, qual, self.ty, self.name, dims, init)

    def extern_decl(self):
        """The main file's declaration of an array the second file defines."""
        qual = "CONST " if self.const else ""
        dims = "[%d][%d]" % (self.rows, self.cols) if self.two_d else "[%d]" % self.n
        return "extern %s%s %s%s;\nAFFQ_EXTERN(%s);" % (qual, self.ty, self.name, dims, self.name)

    def ref_setup(self):
        if self.expect_float:
            return ""
        sgn = 1 if self.signed else 0
        sch = "AFFQ_SYMMETRIC" if self.scheme == "symmetric" else "AFFQ_AFFINE"
        d = "_D" if self.ty == "double" else ""
        if self.per_row and self.ty == "double":
            return ("#ifdef AFFQ_REFERENCE\nfor (int r = 0; r < %d; r++) affq_choose_qparams_f64(%s[r], %d, %d, %d, %s, &ref_%s_rows[r]),"
                    " ref_apply_d(%s[r], %d, &ref_%s_rows[r]);\n#endif"
                    % (self.rows, self.name, self.cols, self.bits, sgn, sch, self.name, self.name, self.cols, self.name))
        if self.per_row:
            return ("#ifdef AFFQ_REFERENCE\nfor (int r = 0; r < %d; r++) ref_init(%s[r], %d, %d, %d, %s, &ref_%s_rows[r]);\n#endif"
                    % (self.rows, self.name, self.cols, self.bits, sgn, sch, self.name))
        if self.const:
            return "REF_INIT%s(%s, %d, %d, %s);" % (d, self.name, self.bits, sgn, sch)
        # the range is written as floats (exact), for float and double arrays
        return "REF_RANGE%s(%s, %s, %s, %d, %d, %s);" % (d, self.name, fnum(self.lo), fnum(self.hi),
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
        return a.num(rng.choice([a.lo - rng.uniform(0, 20), a.hi + rng.uniform(0, 20)]))
    return a.num(rng.uniform(a.lo, a.hi))


FLAVOURS = [[], [], ["-D_FORTIFY_SOURCE=2"], ["-fsanitize=undefined", "-fno-sanitize-recover=all"]]


def touched(a, first, nbytes):
    """Reference: after nbytes were copied into a from element first, each
    element they touched holds a code again (a partial one: its bytes mixed)."""
    return "for (size_t i_ = %s; i_ < %s + ((size_t)(%s) + %d) / %d; i_++) %s;" % (
        first, first, nbytes, a.esize - 1, a.esize, a.put(a.elem("i_"), a.elem("i_")))


def rt_count(rng, involved, elems):
    """A byte count known only at run time, for up to elems elements of the
    arrays involved: any number of bytes (a trailing partial element is
    copied exactly), or, half the time with doubles, n * sizeof(double)."""
    if any(a.ty == "double" for a in involved) and rng.random() < 0.5:
        return "volatile size_t n_ = %d;" % rng.randint(1, elems), "n_ * sizeof(double)"
    esize = max(a.esize for a in involved)
    return "volatile size_t nb = %d;" % rng.randint(1, esize * elems), "nb"


def fread_load(rng, a, hid):
    """fread into a from a tmpfile() the program writes first: (helper or
    None, the block of C, stats).  The bytes read are known here: the
    reference freads them into its float (double) array and rounds each
    element they touched, as a run-time memcpy's."""
    first = rng.randrange(a.n)
    room = (a.n - first) * a.esize  # bytes from element first to the array's end
    mode = rng.choice(["items", "items", "bytes", "bytes", "other"])
    if mode == "items":
        size = a.esize
    elif mode == "bytes":
        size = 1
    else:
        size = rng.choice([s for s in (2, 3, 6, 8, 12, 16) if s <= room] or [1])
    count = rng.randint(1, room // size)
    want = size * count
    vol = rng.random() < 0.4
    # a helper given a pointer into the array (its clone) does the fread
    in_helper = rng.random() < 0.35
    noinline = "__attribute__((noinline)) " if rng.random() < 0.5 else ""
    # glibc's fread_unlocked (at -O1 and up) is a macro whose getc_unlocked
    # byte loop is taken when __builtin_constant_p(size) and (n) and size * n
    # <= 8.  clang folds that test in main, where the count is a constant
    # or a volatile load; in a helper the count is a parameter and the test
    # stays in the IR as llvm.is.constant until after the pass, which then
    # sees the array written as bytes and keeps it float (any size, even
    # 12 or 16).  So: fread_unlocked only in main, never with a constant
    # size * count of 8 bytes or less.
    unlocked = not in_helper and rng.random() < 0.3
    if unlocked and want <= 8:
        vol = True
    short = rng.random() < 0.3
    fb = rng.randint(0, want - 1) if short else want + rng.randint(0, 2 * a.esize)
    if rng.random() < 0.15:  # and sometimes a file that ends inside an element
        fb = max(0, fb - rng.randint(1, a.esize - 1))
    skip = rng.choice([1, 2, 3, a.esize, 2 * a.esize]) if rng.random() < 0.15 else 0
    got_bytes = min(want, fb)
    nvals = max(1, -(-(skip + fb) // a.esize))
    vals = ", ".join(value(rng, a) for _ in range(nvals))
    fn = "fread_unlocked" if unlocked else "fread"
    helper = None
    lines = ["{ %s src_[%d] = {%s};" % (a.ty, nvals, vals),
             ' FILE *f_ = tmpfile(); if (!f_) { perror("tmpfile"); return 1; }',
             " fwrite(src_, 1, %d, f_); rewind(f_);%s" % (
                 skip + fb, " fseek(f_, %d, SEEK_SET);" % skip if skip else "")]
    cnt = str(count)
    if vol:
        lines.append(" volatile size_t c_ = %d;" % count)
        cnt = "c_"
    if in_helper:
        helper = ("%sstatic size_t h%d(%s *p, size_t n, FILE *f) { return %s(p, %d, n, f); }"
                  % (noinline, hid, a.ty, fn, size))
        call = "h%d(&%s, %s, f_)" % (hid, a.elem(str(first)), cnt)
    else:
        call = "%s(&%s, %d, %s, f_)" % (fn, a.elem(str(first)), size, cnt)
    lines.append(" size_t got_ = %s;" % call)
    lines.append(' printf("fread %zu, eof %d, at %ld\\n", got_, feof(f_) != 0, ftell(f_));')
    lines.append("#ifdef AFFQ_REFERENCE\n %s\n#endif" % touched(a, str(first), str(got_bytes)))
    lines.append(" fclose(f_);\n}")
    stats = {"fread": 1, "short": int(want > fb), "unlocked": int(unlocked),
             "helper": int(helper is not None), "volatile": int(vol)}
    return helper, "\n".join(lines), stats


def second_file(rng, externs):
    """The second translation unit: defines the extern arrays (annotated,
    non-static), their reference parameters, and helpers naming them."""
    f2, protos = ['#include "shared.h"'], ["void x_setup(void);"]
    for a in externs:
        f2.append(a.decl())
        f2.append("#ifdef AFFQ_REFERENCE\naffq_qparams ref_%s;\n#endif" % a.name)
    f2.append("void x_setup(void) {\n  %s\n}" % "\n  ".join(a.ref_setup() for a in externs))
    for a in externs:
        t = a.ty
        protos.append("%s x_read_%s(int k);" % (t, a.name))
        f2.append("%s x_read_%s(int k) { %s s = 0; for (int i = 0; i < %d; i++) s += %s * %s; return s + %s; }"
                  % (t, a.name, t, a.n, a.elem("i"), a.num(rng.uniform(-2, 2)), a.elem("k %% %d" % a.n)))
        if not a.const:
            protos.append("void x_write_%s(int i, %s v);" % (a.name, t))
            f2.append("void x_write_%s(int i, %s v) { %s; }"
                      % (a.name, t, a.put(a.elem("i %% %d" % a.n), "v")))
    header = ['#include "%s"' % os.path.abspath(REFERENCE_H), "#include <string.h>"]
    for a in externs:
        header.append(a.extern_decl())
        header.append("#ifdef AFFQ_REFERENCE\nextern affq_qparams ref_%s;\n#endif" % a.name)
    header += protos
    return "\n".join(header) + "\n", "\n".join(f2) + "\n"


def program(rng):
    """One program: {file name: text}, its arrays, its flags, whether the
    second file (if any) is built at another -O level than the main one, and
    counts of its fread loads."""
    common = rng.random() < 0.1
    flags = list(rng.choice(FLAVOURS)) + (["-fcommon"] if common else [])
    arrays = [Array(rng, "a%d" % i, i, common) for i in range(rng.randint(1, 3))]
    multi = not common and rng.random() < 0.15
    externs = [Array(rng, "e%d" % i, i, extern=True) for i in range(rng.randint(1, 2))] if multi else []
    mix = multi and rng.random() < 0.5
    arrays += externs
    writable = [a for a in arrays if not a.const and not a.per_row]
    top, helpers, body = [], [], []
    for a in arrays:
        if a.extern:
            continue  # declared in shared.h
        if a.place != "local":
            top.append(a.decl())
        if a.per_row:
            top.append("#ifdef AFFQ_REFERENCE\nstatic affq_qparams ref_%s_rows[%d];\n#endif" % (a.name, a.rows))
        elif a.place != "local":
            top.append("REF_PARAMS(%s);" % a.name)
    if multi:
        body.append("x_setup();")
    for a in arrays:
        if a.extern:
            continue
        if a.place == "local":
            body.append(a.decl())
            if a.per_row:
                pass
            else:
                body.append("REF_PARAMS(%s);" % a.name)
        body.append(a.ref_setup())
        if a.place == "local" and not a.const:  # reading it uninitialized would be undefined
            body.append("for (int i = 0; i < %d; i++) %s;" % (a.n, a.put(a.elem("i"), a.num(a.lo))))
        if a.running:  # every partial sum stored: the plugin must refuse it, or it accumulates
            k = rng.randrange(a.n)
            body.append("for (int j = 0; j < %d; j++) %s;" % (rng.randint(2, 30), a.put(
                a.elem(str(k)), "%s + %s * %sj" % (a.elem(str(k)), a.num(rng.uniform(-0.2, 0.2)), a.cast))))
    body.append("float acc = 0, buf[64];")
    body.append("double dbuf[64];")
    body.append("(void)buf, (void)dbuf;")
    for a in arrays:  # a byte count not n * sizeof(double): a partial double, copied out exactly
        if a.partial:
            m = min(a.n, 64)
            body.append("{ volatile size_t nb = %d; memset(dbuf, 0, sizeof dbuf); memcpy(dbuf, &%s, nb); print_doubles(\"out\", dbuf, %d); }"
                        % (rng.randint(1, 8 * m), a.elem("0"), m))

    def out(a):
        return "dbuf" if a.ty == "double" else "buf"

    def printer(a):
        return "print_doubles" if a.ty == "double" else "print_floats"

    kinds = ["write", "loop", "walk", "read", "memcpy_in", "memcpy_out", "memcpy_between",
             "helper_read", "helper_write", "helper_named", "helper_two", "helper_chain",
             "memcpy_in_rt", "memcpy_out_rt", "memcpy_between_rt", "memset_rt", "fread_in"]
    if multi:
        kinds += ["extern_read", "extern_write"]
    hid = 0
    fstats = {"fread": 0, "short": 0, "unlocked": 0, "helper": 0, "volatile": 0}
    for _ in range(rng.randint(3, 10)):
        kind = rng.choice(kinds)
        if kind in ("write", "loop", "walk", "memcpy_in", "helper_write", "memcpy_in_rt",
                    "memset_rt", "fread_in") and not writable:
            kind = "read"
        if kind == "write":
            a = rng.choice(writable)
            body.append("%s;" % a.put(a.elem(str(rng.randrange(a.n))), value(rng, a)))
        elif kind == "loop":
            a = rng.choice(writable)
            k = rng.randint(1, 7)
            body.append("for (int i = 0; i < %d; i++) %s;"
                        % (a.n, a.put(a.elem("(i * %d + 1) %% %d" % (k, a.n)), "%s + %s * %s((i * %d) %% 5)"
                                      % (a.num(a.lo), a.num((a.hi - a.lo) / 4), a.cast, k))))
        elif kind == "walk":
            a = rng.choice(writable)
            start = rng.randrange(a.n)
            body.append("{ %s *p = &%s; for (int i = %d; i < %d; i++, p++) %s; }"
                        % (a.ty, a.elem(str(start)), start, a.n,
                           a.put("*p", "%s - %s * %si" % (a.num(a.hi), a.num(0.37), a.cast))))
        elif kind == "read":
            a = rng.choice(arrays)
            body.append("for (int i = 0; i < %d; i++) acc += %s * %s;"
                        % (a.n, a.elem("i"), a.num(rng.uniform(-2, 2))))
        elif kind == "memcpy_in":
            a = rng.choice(writable)
            m = rng.randint(1, a.n)
            vals = ", ".join(value(rng, a) for _ in range(m))
            body.append("{ %s src[%d] = {%s};" % (a.ty, m, vals))
            body.append("#ifdef AFFQ_REFERENCE\n for (int i = 0; i < %d; i++) %s;\n#else\n"
                        " memcpy(&%s, src, sizeof src);\n#endif\n}" % (m, a.put(a.elem("i"), "src[i]"), a.elem("0")))
        elif kind == "memcpy_out":
            a = rng.choice(arrays)
            if a.per_row:
                continue
            body.append("memcpy(%s, &%s, %d * sizeof(%s)); %s(\"out\", %s, %d);"
                        % (out(a), a.elem("0"), min(a.n, 64), a.ty, printer(a), out(a), min(a.n, 64)))
        elif kind == "memcpy_between" and len(arrays) > 1:
            src, dst = rng.sample(arrays, 2)
            if dst not in writable or src.per_row or src.ty != dst.ty:
                continue
            m = min(src.n, dst.n)
            body.append("#ifdef AFFQ_REFERENCE\nfor (int i = 0; i < %d; i++) %s;\n#else\n"
                        "memcpy(&%s, &%s, %d * sizeof(%s));\n#endif"
                        % (m, dst.put(dst.elem("i"), src.elem("i")), dst.elem("0"), src.elem("0"), m, src.ty))
        elif kind == "helper_read":
            a = rng.choice(arrays)
            if a.per_row:
                continue
            hid += 1
            helpers.append("static %s h%d(const %s *p, int n) { %s s = 0; for (int i = 0; i < n; i++) s += p[i] * %s(i + 1); return s; }"
                           % (a.ty, hid, a.ty, a.ty, a.cast))
            start = rng.randrange(a.n)
            body.append("acc += h%d(&%s, %d);" % (hid, a.elem(str(start)), a.n - start))
        elif kind == "helper_write":
            a = rng.choice(writable)
            if a.place == "local":
                continue  # the reference helper names the array's parameters
            hid += 1
            helpers.append("static void h%d(%s *p, int n) { for (int i = 0; i < n; i++) %s; }"
                           % (hid, a.ty, a.put("p[i]", "%s + %s * %si" % (a.num(a.lo), a.num(0.21), a.cast))))
            start = rng.randrange(a.n)
            body.append("h%d(&%s, %d);" % (hid, a.elem(str(start)), a.n - start))
        elif kind == "helper_named":  # given a pointer into a global array, and naming it too
            a = rng.choice(arrays)
            if a.per_row or a.place == "local":
                continue
            hid += 1
            k = rng.randrange(a.n)
            write = a in writable and rng.random() < 0.5
            helpers.append("static %s h%d(const %s *p, int n) { %s s = %s; for (int i = 0; i < n; i++) s += p[i]; %sreturn s; }"
                           % (a.ty, hid, a.ty, a.ty, a.elem(str(k)),
                              "%s; " % a.put(a.elem(str(rng.randrange(a.n))), "s * %s" % a.num(0.5)) if write else ""))
            start = rng.randrange(a.n)
            body.append("acc += h%d(&%s, %d);" % (hid, a.elem(str(start)), a.n - start))
        elif kind == "helper_two":  # one call carrying two arrays (a joint clone), of either type
            pool = [x for x in arrays if not x.per_row]
            if len(pool) < 2:
                continue
            a, b = rng.sample(pool, 2)
            hid += 1
            sa, sb = rng.randrange(a.n), rng.randrange(b.n)
            m = min(a.n - sa, b.n - sb)
            write = a in writable and a.place != "local" and rng.random() < 0.6
            st = "double" if "double" in (a.ty, b.ty) else "float"
            helpers.append("static %s h%d(%s *p, const %s *q, int n) { %s s = 0; for (int i = 0; i < n; i++) { s += q[i] * p[i]; %s} return s; }"
                           % (st, hid, a.ty, b.ty, st, "%s; " % a.put("p[i]", "p[i] * %s + q[i] * %s" % (a.num(0.5), a.num(0.25))) if write else ""))
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
            st = "double" if "double" in (a.ty, c.ty) else "float"
            helpers.append("static %s g%d(const %s *p, const %s *q, int n) { %s s = 0; for (int i = 0; i < n; i++) s += p[i] * q[i]; return s; }"
                           % (st, hid, a.ty, c.ty, st))
            helpers.append("static %s h%d(const %s *p, int n) { return g%d(p, &%s, n) + %s; }"
                           % (st, hid, a.ty, hid, c.elem("0"), c.elem(str(rng.randrange(c.n)))))
            body.append("acc += h%d(&%s, %d);" % (hid, a.elem(str(sa)), m))
        elif kind == "memcpy_in_rt":  # a byte count known only at run time, whole elements or not
            a = rng.choice(writable)
            m = rng.randint(1, a.n)
            decl, nb = rt_count(rng, [a], m)
            vals = ", ".join(value(rng, a) for _ in range(m))
            body.append("{ %s src[%d] = {%s}; %s" % (a.ty, m, vals, decl))
            body.append(" memcpy(&%s, src, %s);\n#ifdef AFFQ_REFERENCE\n %s\n#endif\n}"
                        % (a.elem("0"), nb, touched(a, "0", nb)))
        elif kind == "memcpy_out_rt":
            a = rng.choice(arrays)
            if a.per_row:
                continue
            m = min(a.n, 64)
            decl, nb = rt_count(rng, [a], m)
            body.append("{ %s memset(%s, 0, sizeof %s); memcpy(%s, &%s, %s); %s(\"out\", %s, %d); }"
                        % (decl, out(a), out(a), out(a), a.elem("0"), nb, printer(a), out(a), m))
        elif kind == "memcpy_between_rt" and len(arrays) > 1:
            src, dst = rng.sample(arrays, 2)
            if dst not in writable or src.per_row or src.ty != dst.ty:
                continue
            decl, nb = rt_count(rng, [src, dst], min(src.n, dst.n))
            body.append("{ %s memcpy(&%s, &%s, %s);\n#ifdef AFFQ_REFERENCE\n %s\n#endif\n}"
                        % (decl, dst.elem("0"), src.elem("0"), nb, touched(dst, "0", nb)))
        elif kind == "memset_rt":
            a = rng.choice(writable)
            first = rng.randrange(a.n)  # (an extern array: the runtime, its code not known here)
            decl, nb = rt_count(rng, [a], a.n - first)
            byte = rng.choice([0, 0x3f, 0x40, 0xbf, 0xc1, 0xff])
            byte = ("volatile int byte = %d;" % byte, "byte") if rng.random() < 0.5 else ("", str(byte))
            body.append("{ %s %s memset(&%s, %s, %s);\n#ifdef AFFQ_REFERENCE\n %s\n#endif\n}"
                        % (decl, byte[0], a.elem(str(first)), byte[1], nb, touched(a, str(first), nb)))
        elif kind == "fread_in":  # (writable: no per-row array, which fread keeps float)
            a = rng.choice(writable)
            hid += 1
            helper, block, st = fread_load(rng, a, hid)
            if helper:
                helpers.append(helper)
            body.append(block)
            for key in st:
                fstats[key] += st[key]
        elif kind == "extern_read":  # the second file's helper reads its array
            a = rng.choice(externs)
            body.append("acc += x_read_%s(%d);" % (a.name, rng.randrange(a.n)))
        elif kind == "extern_write":  # ... or writes it
            a = rng.choice(externs)
            if a.const:
                continue
            body.append("x_write_%s(%d, %s);" % (a.name, rng.randrange(a.n), value(rng, a)))
    for a in arrays:
        body.append("for (int i = 0; i < %d; i++) %s[i %% 64] = %s, acc += %s[i %% 64];"
                    % (a.n, out(a), a.elem("i"), out(a)))
        body.append('%s("%s", %s, %d);' % (printer(a), a.name, out(a), min(a.n, 64)))
    body.append('printf("acc %a\\n", acc);')
    files = {}
    # fread_unlocked is declared under _GNU_SOURCE, defined before any include
    src = ["#define _GNU_SOURCE"] if fstats["unlocked"] else []
    if multi:
        files["shared.h"], files["second.c"] = second_file(rng, externs)
        src += ['#include "shared.h"']
    else:
        src += ['#include "%s"' % os.path.abspath(REFERENCE_H), "#include <string.h>"]
    src += top + helpers
    src += ["int main(void) {"] + ["  " + line for line in body] + ["  return 0;", "}"]
    # helpers that PUT into a global must see its REF_PARAMS: they come after top.
    files["main.c"] = "\n".join(src) + "\n"
    return files, arrays, flags, mix, fstats


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, **kw)


def build(base, flags, files, d, exe, runtime, second_flags=None):
    """Compile and link the program in directory d; the second file (if
    any) with second_flags.  Returns (returncode, stderr of all compiles)."""
    objs, err = [], ""
    if "second.c" in files:
        obj = exe + ".second.o"
        c = run(base + (second_flags or flags) + ["-c", os.path.join(d, "second.c"), "-o", obj])
        err += c.stderr
        if c.returncode != 0:
            return c.returncode, err
        objs.append(obj)
    c = run(base + flags + [os.path.join(d, "main.c")] + objs + [runtime, "-lm", "-o", exe])
    return c.returncode, err + c.stderr


def main():
    ap = fuzzargs.parser(__doc__)
    ap.add_argument("--opt-levels", default="0,2")
    args = ap.parse_args()
    levels = [int(x) for x in args.opt_levels.split(",")]
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="affq-progfuzz-")
    quantized = mismatches = crashes = 0
    n_arrays = n_double = n_partial = double_programs = multi_programs = n_extern = mixed = 0
    freads = {"fread": 0, "short": 0, "unlocked": 0, "helper": 0, "volatile": 0}
    base = [args.clang, "-I" + args.include, "-ffp-contract=off", "-w"]
    for k in range(args.count):
        files, arrays, flavour, mix, fstats = program(rng)
        for key in fstats:
            freads[key] += fstats[key]
        n_arrays += len(arrays)
        n_double += sum(a.ty == "double" for a in arrays)
        n_partial += sum(a.partial for a in arrays)
        double_programs += any(a.ty == "double" for a in arrays)
        multi = "second.c" in files
        multi_programs += multi
        n_extern += sum(a.extern for a in arrays)
        mixed += mix
        expect_float = sorted("'%s' stays %s" % (a.name, a.ty) for a in arrays if a.expect_float)
        d = os.path.join(work, "p%d" % k)
        os.makedirs(d)
        for name, text in files.items():
            open(os.path.join(d, name), "w").write(text)
        outputs, problem = {}, None
        plugin = ["-fpass-plugin=" + args.plugin, "-Rpass=affq", "-Rpass-missed=affq"]
        builds = [("ref", ["-O0", "-DAFFQ_REFERENCE"], None)]
        for i, o in enumerate(levels):
            # the second file at the next level when mixing (-O0 with -O2)
            o2 = levels[(i + 1) % len(levels)] if mix else o
            builds.append(("O%d" % o, ["-O%d" % o] + plugin, ["-O%d" % o2] + plugin))
        for name, flags, second in builds:
            exe = os.path.join(d, "a." + name)
            rc, err = build(base, flavour + flags, files, d, exe, args.runtime,
                            flavour + second if second else None)
            if rc != 0:
                problem = "compile %s failed: %s" % (name, err.strip().splitlines()[-1:])
                break
            if name == "O%d" % levels[0]:
                quantized += len(re.findall(r"remark: quantized", err))
                # -w hides the warning; the remark says the same.  Exactly the
                # arrays meant to stay float (double) must be refused.
                refusals = re.findall(r"remark: (.*?) (stays (?:float|double)): (.*?) \[", err)
                refused = sorted(set("%s %s" % (n, st) for n, st, _ in refusals))
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
            print("program %d (seed %d)%s: %s" % (k, args.seed, " (2 files)" if multi else "", problem))
            if args.keep:
                kept = os.path.join(args.keep, "p%d_seed%d" % (k, args.seed))
                os.makedirs(kept, exist_ok=True)
                for name, text in files.items():
                    open(os.path.join(kept, name), "w").write(text)
                open(os.path.join(kept, "flags"), "w").write(
                    " ".join(flavour) + ("\nsecond file at the other -O level\n" if mix else "\n"))
    print("by kind: arrays %d, double %d (in %d programs; %d copied out with a partial double), "
          "two-file programs %d (%d extern arrays; %d at mixed -O levels), "
          "fread %d (%d short, %d fread_unlocked, %d in helpers, %d with a volatile count)"
          % (n_arrays, n_double, double_programs, n_partial, multi_programs, n_extern, mixed,
             freads["fread"], freads["short"], freads["unlocked"], freads["helper"],
             freads["volatile"]))
    print("programs %d, arrays quantized %d, mismatches %d, crashes %d"
          % (args.count, quantized, mismatches, crashes))
    return 1 if mismatches or crashes else 0


if __name__ == "__main__":
    sys.exit(main())
