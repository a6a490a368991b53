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
About 30% of the programs also map files in main: a pointer annotated
with AFFQ_RANGE or AFFQ_RANGE_OPTS, float or double, initialized by
`mmap(NULL, len, prot, flags, fileno(f_), off)` of a tmpfile() the program
wrote (values in and out of the range, NaN sometimes; over 1 MiB, more than
one of the runtime's chunks, sometimes): PROT_READ with MAP_PRIVATE or
MAP_SHARED, or PROT_READ|PROT_WRITE with MAP_PRIVATE; at a page offset
(`k * sysconf(_SC_PAGESIZE)`) sometimes, or from offset 0 over pages of
filler; a length that sometimes ends inside an element, where the file
ends too.  The MAP_FAILED check, reads, loops over all of it, writes and
write loops (writable mappings only), helpers given a pointer into it that
read or write, memcpy out, prints, and munmap of the whole mapping.  About
25% have static loader functions, called once or twice, whose results
main reads, writes (when writable), hands to helpers, copies out, prints
and frees or unmaps: malloc and fread (NULL after a short read: the first
call always succeeds, since memory only ever read from a file stays
float), mmap of a file (read-only, or private and writable and written in
the loader), or malloc and writes.  The reference maps private and
writable, or reads, and rounds every element (ref_apply, ref_apply_d)
with parameters at file scope (ref_m0, ref_ld0), so helpers can PUT.
These parts draw from a generator of their own (seeded by the seed and the
program's number) and are put among main's other uses: a seed's programs
are otherwise as they were before them.  The plugin must quantize every
mapping and loader's pointer ("quantized mapped array", "quantized heap
array" remarks).
About 15% of the programs have two files: one or two annotated non-static
globals (per tensor, signed codes, float or double) are defined in
second.c, with helpers there that read and write them, and declared in
shared.h as `extern float W[N]; AFFQ_EXTERN(W);`; main.c uses them like its
own arrays (except memset, which the pass refuses on an AFFQ_EXTERN array)
and calls those helpers.  shared.h also declares the reference parameters
(ref_W), defined in second.c, so both files quantize W alike.  Half of
these builds compile second.c at the other -O level than main.c.
About half of the programs also have struct types with annotated pointer
fields (drawn from a generator of their own, like the mappings): 1-3
fields of float or double (random range, bits, signedness, scheme) first,
in the middle or last among int n and unannotated int, float and double
members.  Each field's memory comes from one call site (malloc, calloc or
aligned_alloc of n plus a few elements): in a static init function called
for a global, a local, a struct on the heap and arrays of structs (global,
local or on the heap) in a loop, or inline in main for one of those;
stored by `s->w = ...`, by a designated initializer (`struct S t_ =
{.w = calloc(..)}; *s = t_;`, or the local itself) or through a local
pointer (`float *p_ = malloc(..); s->w = p_;`, sometimes written through
p_ first); filled (calloc's zeros sometimes read as they are).  Then
reads and writes in main, in the init function, and in static functions
taking `struct S *` or `const struct S *`; the field's pointer passed to a
shared dot helper (with a float array or another field), advanced, copied
into a local pointer, memcpy'd in and out, fread into (items or bytes,
short files); struct copies (`c_ = s;`) read and written through; prints
and frees.  The reference rounds every value stored into a field's memory
(PUT, ref_apply) with the annotation's parameters.  Every field must be
remarked "quantized field of 'struct S'" at its declaration, at every -O
level.  --avoid-known leaves out what the plugin refuses today: a first
field of a struct in a global array of structs (a constant GEP of the
array), and fields in UBSan builds (UBSan's checks of the field's address;
aligned_alloc's alignment assumption).
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
      [--avoid-known]
Prints the arrays by kind (double, copied out with a partial double, two-file
programs, extern arrays, mixed -O levels, fread loads: short ones,
fread_unlocked, in helpers, with a volatile count; mappings in main:
writable, shared read-only, at a page offset, ending inside an element,
double, over 1 MiB; loaders: fread, mmap, written, called twice), then,
the struct fields by kind, and last, "programs N, arrays quantized Q,
fields quantized F, mismatches M, crashes C".
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


def code_options(bits, signed, scheme):
    """The annotation options for the codes' width, signedness and scheme."""
    opts = []
    if bits != 8:
        opts.append("bits=%d" % bits)
    if not signed:
        opts.append("unsigned")
    if scheme == "symmetric":
        opts.append("symmetric")
    return opts


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
        opts = code_options(self.bits, self.signed, self.scheme)
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


class Heap:
    """An annotated pointer to heap memory: a mapping in main (kind mmap)
    or the pointer a loader function allocates.  The same fields as an
    Array where value() and put() look (its reference parameters are
    ref_<name>, at file scope, so helpers can PUT through them)."""

    def __init__(self, rng, name):
        self.name = name
        self.ty = "double" if rng.random() < 0.3 else "float"
        self.esize = 8 if self.ty == "double" else 4
        self.num = dnum if self.ty == "double" else fnum
        self.cast = "(%s)" % self.ty
        self.expect_float = False
        lo = rng.uniform(-5, 1)
        self.lo, self.hi = lo, lo + rng.uniform(0.5, 8)
        self.opts = rng.random() < 0.3  # else AFFQ_RANGE: 8-bit signed affine
        self.bits = rng.choice([8, 6, 4, 2]) if self.opts else 8
        self.signed = rng.random() < 0.6 if self.opts else True
        self.scheme = rng.choice(["affine", "symmetric"]) if self.opts else "affine"

    def put(self, lvalue, value):
        return "%s(%s, %s, %s)" % ("PUT_D" if self.ty == "double" else "PUT", self.name, lvalue, value)

    def ann(self):
        opts = code_options(self.bits, self.signed, self.scheme)
        if self.opts and opts:
            return 'AFFQ_RANGE_OPTS(%s, %s, "%s")' % (fnum(self.lo), fnum(self.hi), ",".join(opts))
        return "AFFQ_RANGE(%s, %s)" % (fnum(self.lo), fnum(self.hi))

    def ref_params(self):
        """File scope: the reference parameters, and a function choosing them."""
        return "#ifdef AFFQ_REFERENCE\nstatic affq_qparams ref_%s;\n#endif" % self.name

    def ref_choose(self):
        sch = "AFFQ_SYMMETRIC" if self.scheme == "symmetric" else "AFFQ_AFFINE"
        return ("#ifdef AFFQ_REFERENCE\naffq_choose_qparams(%s, %s, %d, %d, %s, &ref_%s);\n#endif"
                % (fnum(self.lo), fnum(self.hi), self.bits, int(self.signed), sch, self.name))

    def apply(self, ptr, count):
        return "ref_apply%s(%s, %s, &ref_%s);" % ("_d" if self.ty == "double" else "", ptr, count,
                                                  self.name)

    def printer(self):
        return "print_doubles" if self.ty == "double" else "print_floats"

    def buf(self):
        return "dbuf" if self.ty == "double" else "buf"


def file_of(rng, h, pages, nvals, cut, big):
    """C that makes FILE *f_ (a tmpfile()) hold `pages` pages of filler
    elements, then nvals elements of h's type (in and out of its range, NaN
    sometimes; computed ones when big), the last with only esize - cut of
    its bytes (the file ends there).  Declares long pg_ (the page size)."""
    t, es = h.ty, h.esize
    lines = [' FILE *f_ = tmpfile(); if (!f_) { perror("tmpfile"); return 1; }',
             " long pg_ = sysconf(_SC_PAGESIZE); (void)pg_;"]
    if pages:
        lines.append(" for (long i = 0; i < %d * pg_ / %d; i++) { %s z_ = %s(i %% 9) * %s - %s; fwrite(&z_, %d, 1, f_); }"
                     % (pages, es, t, h.cast, h.num(0.25), h.num(1.0), es))
    if big:
        step = (h.hi - h.lo + 2) / 211
        lines.append(" for (size_t i = 0; i < %d; i++) { %s x_ = %s((i * 37u) %% 211u) * %s + %s; fwrite(&x_, 1, i + 1 < %d ? %d : %d, f_); }"
                     % (nvals, t, h.cast, h.num(step), h.num(h.lo - 1), nvals, es, es - cut))
    else:
        vals = ", ".join(value(rng, h) for _ in range(nvals))
        lines.append(" static const %s v_[%d] = {%s};" % (t, nvals, vals))
        lines.append(" fwrite(v_, 1, %d, f_);" % (nvals * es - cut))
    lines.append(" fflush(f_);")
    return lines


def ops_on(rng, h, ptr, count, writable, helpers, hid):
    """Uses of h's memory through ptr, count elements known to be there
    (bound is the C expression of how many there are at run time, >= count):
    reads, writes if writable, helpers, memcpy out, a print.  Returns lines."""
    t, lines = h.ty, []
    for _ in range(rng.randint(1, 5)):
        kind = rng.choice(["read", "read", "print", "helper_read", "memcpy_out", "write", "loop",
                           "helper_write"])
        if kind in ("write", "loop", "helper_write") and not writable:
            kind = "read"
        if kind == "read":
            lines.append(" for (size_t i = 0; i < %d; i++) acc += %s[i] * %s;"
                         % (count, ptr, h.num(rng.uniform(-2, 2))))
        elif kind == "print":
            s = rng.randrange(count)
            lines.append(' %s("%s", %s + %d, %d);' % (h.printer(), h.name, ptr, s, min(64, count - s)))
        elif kind == "helper_read":
            hid[0] += 1
            noinline = "__attribute__((noinline)) " if rng.random() < 0.5 else ""
            helpers.append("%sstatic %s xh%d(const %s *p, size_t n) { %s s = 0; for (size_t i = 0; i < n; i++) s += p[i] * %s(i %% 7 + 1); return s; }"
                           % (noinline, t, hid[0], t, t, h.cast))
            s = rng.randrange(count)
            lines.append(" acc += xh%d(%s + %d, %d);" % (hid[0], ptr, s, count - s))
        elif kind == "memcpy_out":
            s = rng.randrange(count)
            m = min(64, count - s)
            lines.append(" memset(%s, 0, sizeof %s); memcpy(%s, %s + %d, %d * sizeof(%s)); %s(\"out\", %s, %d);"
                         % (h.buf(), h.buf(), h.buf(), ptr, s, m, t, h.printer(), h.buf(), m))
        elif kind == "write":
            lines.append(" %s;" % h.put("%s[%d]" % (ptr, rng.randrange(count)), value(rng, h)))
        elif kind == "loop":
            k = rng.randint(1, 5)
            lines.append(" for (size_t i = %d; i < %d; i += %d) %s;"
                         % (rng.randrange(count), count, k,
                            h.put("%s[i]" % ptr, "%s[i] * %s + %s" % (ptr, h.num(rng.uniform(-1.5, 1.5)),
                                                                     h.num(rng.uniform(h.lo, h.hi))))))
        elif kind == "helper_write":
            hid[0] += 1
            helpers.append("static void xh%d(%s *p, size_t n) { for (size_t i = 0; i < n; i++) %s; }"
                           % (hid[0], t, h.put("p[i]", "%s - %s * %si" % (h.num(h.hi), h.num(0.13), h.cast))))
            s = rng.randrange(count)
            lines.append(" xh%d(%s + %d, %d);" % (hid[0], ptr, s, count - s))
    lines.append(' %s("%s", %s, %d);' % (h.printer(), h.name, ptr, min(64, count)))
    return lines


def mmap_block(rng, idx, top, helpers, hid):
    """A pointer in main initialized by mmap of a tmpfile()'s fd: float or
    double, PROT_READ (MAP_PRIVATE or MAP_SHARED) or PROT_READ|PROT_WRITE
    MAP_PRIVATE, at a page offset sometimes (or from offset 0 over filler
    pages), its length sometimes ending inside an element where the file
    ends too, sometimes over 1 MiB; read, written if writable, handed to
    helpers, copied out, printed, and unmapped whole.  The reference maps
    it private and writable and rounds every element.  (block, stats)"""
    h = Heap(rng, "m%d" % idx)
    t, es = h.ty, h.esize
    big = rng.random() < 0.08
    nvals = (1 << 20) // es + rng.randint(1, 3000) if big else rng.randint(1, 400)
    cut = rng.randint(1, es - 1) if rng.random() < 0.25 else 0
    pages = rng.choice([0, 0, 0, 1, 2])
    first = rng.randint(0, pages) if rng.random() < 0.3 else pages  # the page the mapping starts at
    whole = cut or rng.random() < 0.5  # to the file's end (where a partial element must end)
    m = nvals if whole else rng.randint(1, nvals)
    writable = rng.random() < 0.45
    shared = not writable and rng.random() < 0.2
    prot = "PROT_READ | PROT_WRITE" if writable else "PROT_READ"
    flags = "MAP_SHARED" if shared else "MAP_PRIVATE"
    lenbytes = m * es - (cut if m == nvals else 0)
    # elements there are for sure (pages are 4096 bytes or more)
    count = ((pages - first) * 4096 + lenbytes + es - 1) // es
    top.append(h.ref_params())
    lines = ["{"] + file_of(rng, h, pages, nvals, cut, big)
    off = "(off_t)%d * pg_" % first if first else ("(off_t)0" if rng.random() < 0.5 else "0")
    if first == pages and rng.random() < 0.5:
        lenx = str(lenbytes)  # a constant length
    else:
        lenx = "len_"
    lines.append(" size_t len_ = %s%d; (void)len_;"
                 % ("(size_t)%d * pg_ + " % (pages - first) if pages > first else "", lenbytes))
    lines.append(" size_t ne_ = (len_ + %d) / %d; (void)ne_;" % (es - 1, es))
    lines.append(" " + h.ref_choose().replace("\n", "\n "))
    lines.append(" %s %s *%s = mmap(NULL, %s, %s, %s, fileno(f_), %s);"
                 % (h.ann(), t, h.name, lenx, prot, flags, off))
    lines.append(" if (%s) { perror(\"mmap\"); return 1; }"
                 % rng.choice(["%s == MAP_FAILED" % h.name, "MAP_FAILED == %s" % h.name]))
    ref = ["#ifdef AFFQ_REFERENCE"]
    if writable:
        ref.append(" %s" % h.apply(h.name, "ne_"))
    else:  # a private writable copy to round
        ref.append(" { %s *w_ = mmap(NULL, len_, PROT_READ | PROT_WRITE, MAP_PRIVATE, fileno(f_), %s);"
                   " if (w_ == MAP_FAILED) return 1; munmap(%s, len_); %s = w_; %s }"
                   % (t, off, h.name, h.name, h.apply(h.name, "ne_")))
    ref.append("#endif")
    lines += ref
    # loops over all of it, beside the ops on the elements known to be there
    if rng.random() < 0.4:
        lines.append(" for (size_t i = 0; i < ne_; i++) acc += %s[i] * %s;" % (h.name, h.num(0.5)))
    lines += ops_on(rng, h, h.name, count, writable, helpers, hid)
    if rng.random() < 0.3:
        lines.append(' if (munmap(%s, %s) != 0) { perror("munmap"); return 1; }' % (h.name, lenx))
    else:
        lines.append(" munmap(%s, %s);" % (h.name, lenx))
    lines.append(" fclose(f_);\n}")
    stats = {"mmap": 1, "writable": int(writable), "shared": int(shared), "offset": int(first > 0),
             "partial": int(bool(cut) and m == nvals), "double": int(t == "double"), "big": int(big)}
    return "\n".join(lines), stats


def loader_block(rng, idx, top, helpers, hid):
    """A static loader function returning an annotated pointer: malloc and
    fread (NULL after a short read), mmap of a file (read-only, or private
    and writable and written in the loader), or malloc and writes.  main
    calls it once or twice and uses each result: reads, writes when the
    memory is writable, helpers, memcpy out, prints, then free or munmap.
    The reference rounds in the loader.  (block, stats)"""
    name = "ld%d" % idx
    h = Heap(rng, name)
    t, es = h.ty, h.esize
    how = rng.choice(["fread", "fread", "mmap", "mmap", "writes"])
    twice = rng.random() < 0.5
    top.append(h.ref_params())
    # the loader; and per call, its arguments and how many elements it gives
    lines = ["{", " " + h.ref_choose().replace("\n", "\n ")]
    calls = []
    if how == "fread":
        nvals = rng.randint(2, 300)
        cut = rng.randint(1, es - 1) if rng.random() < 0.15 else 0
        helpers.append("static %s *%s(FILE *f, size_t n) {\n  %s %s *w = malloc(n * sizeof *w);\n"
                       "  if (!w)\n    return NULL;\n  if (fread(w, sizeof *w, n, f) != n) {\n"
                       "    free(w);\n    return NULL;\n  }\n#ifdef AFFQ_REFERENCE\n  %s\n#endif\n  return w;\n}"
                       % (t, name, h.ann(), t, h.apply("w", "n")))
        lines += file_of(rng, h, 0, nvals, cut, False)
        lines.append(" rewind(f_);")
        full = nvals - (1 if cut else 0)
        left = full
        # the first call gets its elements: memory only ever read from a file
        # and never one element at a time stays float (its type unknown)
        for c in range(2 if twice else 1):
            n = rng.randint(1, full) if c == 0 else rng.randint(1, nvals + 2)
            ok = n <= left  # the stream is at the end after a short read
            left = left - n if ok else 0
            calls.append(("%s(f_, %d)" % (name, n), n, ok, "free(%s)"))
        writable = True
    elif how == "mmap":
        writable = rng.random() < 0.5
        prot = "PROT_READ | PROT_WRITE" if writable else "PROT_READ"
        wr = ""
        if writable and rng.random() < 0.6:  # written in the loader too
            wr = "  for (size_t i = 0; i < len / %d; i += %d)\n    %s;\n" % (
                es, rng.randint(1, 4), h.put("m[i]", "m[i] * %s + %s" % (h.num(rng.uniform(-1.5, 1.5)),
                                                                      h.num(rng.uniform(h.lo, h.hi)))))
        if writable:
            ref = "  %s\n" % h.apply("m", "(len + %d) / %d" % (es - 1, es))
        else:
            ref = ("  {\n    %s *w_ = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, off);\n"
                   "    if (w_ == MAP_FAILED)\n      return NULL;\n    munmap(m, len);\n    m = w_;\n"
                   "    %s\n  }\n" % (t, h.apply("m", "(len + %d) / %d" % (es - 1, es))))
        # (the reference rounds first, then writes through PUT)
        helpers.append("static %s *%s(int fd, size_t len, off_t off) {\n  %s %s *m = mmap(NULL, len, %s, MAP_PRIVATE, fd, off);\n"
                       "  if (m == MAP_FAILED)\n    return NULL;\n#ifdef AFFQ_REFERENCE\n%s#endif\n%s  return m;\n}"
                       % (t, name, h.ann(), t, prot, ref, wr))
        pages = rng.choice([0, 1, 1])
        nvals = rng.randint(1, 300)
        cut = rng.randint(1, es - 1) if rng.random() < 0.25 else 0
        lines += file_of(rng, h, pages, nvals, cut, False)
        for _ in range(2 if twice else 1):
            first = rng.randint(0, pages)
            m = nvals if cut or rng.random() < 0.4 else rng.randint(1, nvals)
            lenbytes = m * es - (cut if m == nvals else 0)
            lenx = "(size_t)%d * pg_ + %d" % (pages - first, lenbytes) if pages > first else str(lenbytes)
            count = ((pages - first) * 4096 + lenbytes + es - 1) // es
            calls.append(("%s(fileno(f_), %s, %s)" % (name, lenx, "(off_t)%d * pg_" % first if first else "0"),
                          count, True, "munmap(%%s, %s)" % lenx))
    else:
        helpers.append("static %s *%s(size_t n, %s k) {\n  %s %s *w = malloc(n * sizeof *w);\n"
                       "  if (!w)\n    return NULL;\n  for (size_t i = 0; i < n; i++)\n    %s;\n  return w;\n}"
                       % (t, name, t, h.ann(), t,
                          h.put("w[i]", "k * %s(i %% 13) + %s" % (h.cast, h.num(h.lo - 0.5)))))
        for _ in range(2 if twice else 1):
            n = rng.randint(1, 300)
            calls.append(("%s(%d, %s)" % (name, n, h.num(rng.uniform(0.05, 1.0))), n, True, "free(%s)"))
        writable = True
    for i, (call, n, ok, release) in enumerate(calls):
        r = "r%d_%d" % (idx, i)
        lines.append(" %s *%s = %s;" % (t, r, call))
    for i, (call, n, ok, release) in enumerate(calls):
        r = "r%d_%d" % (idx, i)
        if not ok:  # a short read: NULL (in every build)
            lines.append(' printf("%s: %%s\\n", %s ? "not null" : "null");' % (r, r))
            lines.append(" if (%s) %s;" % (r, release % r))
            continue
        lines.append(' if (!%s) { printf("%s failed\\n"); return 1; }' % (r, r))
        lines += ops_on(rng, h, r, n, writable, helpers, hid)
        lines.append(" %s;" % (release % r))
    if how != "writes":
        lines.append(" fclose(f_);")
    lines.append("}")
    stats = {"loader": 1, "fread": int(how == "fread"), "mmap": int(how == "mmap"),
             "writes": int(how == "writes"), "twice": int(twice)}
    return "\n".join(lines), stats


class Field(Heap):
    """An annotated pointer field of a struct type: member `member` of
    struct `sname` (the same fields as a Heap where value() and put() look;
    its reference parameters are ref_<sname>_<member>).  Its memory comes
    from one allocation site (malloc, calloc or aligned_alloc), of the
    struct's n plus `extra` elements, stored into the field directly, by
    a designated initializer, or through a local pointer."""

    def __init__(self, rng, sname, member):
        Heap.__init__(self, rng, "%s_%s" % (sname, member))
        self.member = member
        self.extra = rng.choice([0, 0, 1, 3])
        self.alloc = rng.choice(["malloc", "malloc", "calloc", "aligned_alloc"])
        self.style = rng.choice(["arrow", "arrow", "designated", "local"])
        # a local pointer's memory written through it before the store into the field
        self.fill_local = self.style == "local" and rng.random() < 0.3
        # calloc's zeros are read as they are, sometimes
        self.fill = self.alloc != "calloc" or rng.random() < 0.5

    def alloc_expr(self, count):
        t = self.ty
        if self.alloc == "calloc":
            return "calloc((size_t)(%s), sizeof(%s))" % (count, t)
        if self.alloc == "aligned_alloc":
            return "aligned_alloc(64, ((size_t)(%s) * sizeof(%s) + 63) / 64 * 64)" % (count, t)
        return "malloc((size_t)(%s) * sizeof(%s))" % (count, t)


PLAIN_MEMBERS = {"float bias;": ("bias", "%s"), "int tag;": ("tag", "(%s) * 3 + 1"),
                 "double scale;": ("scale", "(double)%s * 0.5"), "float gain;": ("gain", "%s - 0.25f")}


class StructType:
    """struct S<idx> with 1-3 annotated pointer fields (float or double)
    and int n (how many elements its fields hold, plus each field's extra)
    among 0-2 other unannotated members, in a random order: a field first,
    in the middle or last."""

    def __init__(self, rng, idx):
        self.name = "S%d" % idx
        self.fields = [Field(rng, self.name, "w%d" % j) for j in range(rng.choice([1, 1, 2, 3]))]
        self.plain = ["int n;"] + rng.sample(sorted(PLAIN_MEMBERS), rng.randint(0, 2))
        self.members = [("plain", p) for p in self.plain] + [("field", f) for f in self.fields]
        rng.shuffle(self.members)
        # allocated in S<idx>_init (called for each instance) or inline in main (one instance)
        self.mode = rng.choice(["init", "init", "inline"])

    def decl(self):
        lines = ["struct %s {" % self.name]
        for kind, m in self.members:
            if kind == "plain":
                lines.append("  %s" % m)
            else:  # the marker names the line the remark must point at
                lines.append("  %s %s *%s; /* field %s.%s */" % (m.ann(), m.ty, m.member, self.name, m.member))
        lines.append("};")
        return "\n".join(lines)

    def plain_inits(self, nexpr, kexpr):
        """(member, C value) of the plain members."""
        out = [("n", nexpr)]
        for p in self.plain[1:]:
            name, fmt = PLAIN_MEMBERS[p]
            out.append((name, fmt % kexpr))
        return out


def field_fill(rng, f, ptr, count, kexpr):
    """C filling count elements of f's memory through ptr (PUT)."""
    return "for (int q_ = 0; q_ < %s; q_++) %s;" % (count, f.put(
        "%s[q_]" % ptr, "%s(%s) * %s(q_ %% 13) + %s" % (f.cast, kexpr, f.cast, f.num(f.lo - 0.5))))


def field_alloc(rng, st, pre, whole, nexpr, kexpr, declare, in_main):
    """C giving each field of one struct object its memory and values.
    pre: the prefix of a member ("s->", "g0_S0."); whole: the object (an
    lvalue); declare: whole is a local declared here (with a designated
    initializer).  Every field is then filled (or calloc'd zeros rounded
    in the reference)."""
    lines = []
    des = [f for f in st.fields if f.style == "designated"]
    count = lambda f: "(%s) + %d" % (nexpr, f.extra)
    if des or declare:
        items = [".%s = %s" % (m, v) for m, v in st.plain_inits(nexpr, kexpr)]
        items += [".%s = %s" % (f.member, f.alloc_expr(count(f))) for f in des]
        rng.shuffle(items)
        if declare:
            lines.append("struct %s %s = {%s};" % (st.name, whole, ", ".join(items)))
        else:  # a struct copy of a designated initializer
            lines.append("{ struct %s t_ = {%s}; %s = t_; }" % (st.name, ", ".join(items), whole))
    else:
        for m, v in st.plain_inits(nexpr, kexpr):
            lines.append("%s%s = %s;" % (pre, m, v))
    fail = "return 1" if in_main else "exit(1)"
    for f in st.fields:
        if f.style == "arrow":
            lines.append("%s%s = %s;" % (pre, f.member, f.alloc_expr(count(f))))
        elif f.style == "local":
            lines.append("{ %s *p_ = %s;" % (f.ty, f.alloc_expr(count(f))))
            lines.append('  if (!p_) { printf("oom\\n"); %s; }' % fail)
            if f.alloc == "calloc":
                lines.append("#ifdef AFFQ_REFERENCE\n  %s\n#endif" % f.apply("p_", count(f)))
            if f.fill_local:
                lines.append("  " + field_fill(rng, f, "p_", count(f), kexpr))
            lines.append("  %s%s = p_; }" % (pre, f.member))
        if rng.random() < 0.3 or f.style != "local":
            lines.append('if (!%s%s) { printf("oom\\n"); %s; }' % (pre, f.member, fail))
    for f in st.fields:
        ptr = pre + f.member
        if f.alloc == "calloc" and f.style != "local":
            lines.append("#ifdef AFFQ_REFERENCE\n%s\n#endif" % f.apply(ptr, count(f)))
        if f.fill and not f.fill_local:
            lines.append(field_fill(rng, f, ptr, count(f), kexpr))
    return lines


def fields_block(rng, top, helpers, sid0, avoid_known=False):
    """Struct types with annotated pointer fields, their instances (a
    global, a local, a struct on the heap, arrays of structs: global,
    local or on the heap, their fields allocated in a loop), and uses in
    main and in static functions.  (block, struct types, stats)"""
    structs = [StructType(rng, sid0 + i) for i in range(rng.choice([1, 1, 2]))]
    stats = {"structs": len(structs), "fields": 0, "fdouble": 0, "finit": 0, "finline": 0,
             "fdesignated": 0, "flocal": 0, "fcalloc": 0, "faligned": 0, "fglobal": 0,
             "flocalobj": 0, "fheapobj": 0, "farray": 0, "fcopy": 0, "ffread": 0, "fhelper": 0,
             "freader": 0, "fupdate": 0, "fadvance": 0}
    lines = ["{", " float xf_[64]; double xd_[64];",
             " for (int i = 0; i < 64; i++) xf_[i] = (float)(i % 11) * 0.125f - 0.5f, xd_[i] = (double)(i % 7) * 0.3 - 1.0;"]
    fh = [0]
    dots = {}

    def dot(t):
        if t not in dots:
            fh[0] += 1
            dots[t] = "fh_dot%d" % fh[0]
            helpers.append("static %s %s(const %s *a, const %s *b, int n) { %s s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }"
                           % (t, dots[t], t, t, t))
        return dots[t]

    targets = []  # (struct type, lvalue of one struct, its n)
    frees = []
    for st in structs:
        stats["fields"] += len(st.fields)
        stats["fdouble"] += sum(f.ty == "double" for f in st.fields)
        stats["fdesignated"] += sum(f.style == "designated" for f in st.fields)
        stats["flocal"] += sum(f.style == "local" for f in st.fields)
        stats["fcalloc"] += sum(f.alloc == "calloc" for f in st.fields)
        stats["faligned"] += sum(f.alloc == "aligned_alloc" for f in st.fields)
        stats["f" + st.mode] += 1
        top.append(st.decl())
        for f in st.fields:
            top.append(f.ref_params())
            lines.append(" " + f.ref_choose().replace("\n", "\n "))
        S = st.name
        if st.mode == "init":
            body = field_alloc(rng, st, "s->", "*s", "n", "k", False, False)
            if rng.random() < 0.4:  # read and written in the allocating function too
                f = rng.choice(st.fields)
                body.append("for (int q_ = 0; q_ < n + %d; q_ += %d) %s;" % (
                    f.extra, rng.randint(1, 3), f.put("s->%s[q_]" % f.member, "s->%s[q_] * %s + %s%s" % (
                        f.member, f.num(rng.uniform(-1.5, 1.5)), f.cast, "k"))))
            helpers.append("static void %s_init(struct %s *s, int n, float k) {\n  %s\n}"
                           % (S, S, "\n  ".join("\n".join(body).split("\n"))))
            kinds = rng.sample(["global", "local", "heap", "array"], rng.randint(1, 3))
        else:
            kinds = [rng.choice(["global", "local", "heap", "array"])]
        for j, kind in enumerate(kinds):
            kexpr = fnum(rng.uniform(0.05, 1.0))
            if kind == "array":
                where = rng.choice(["global", "local", "heap"])
                if avoid_known and where == "global" and st.members[0][0] == "field":
                    # the plugin refuses a first field reached through a
                    # constant element of a global array of structs (a
                    # constant GEP of the array, the field's 0 folded away,
                    # which fields.c does not take for the field): a local array
                    where = "local"
                K = rng.randint(2, 5)
                n0, step = rng.randint(1, 30), rng.randint(0, 7)
                name = "a%d_%s" % (j, S)
                if where == "global":
                    top.append("static struct %s %s[%d];" % (S, name, K))
                elif where == "local":
                    lines.append(" struct %s %s[%d];" % (S, name, K))
                else:
                    lines.append(" struct %s *%s = calloc(%d, sizeof *%s);" % (S, name, K, name))
                    lines.append(' if (!%s) { printf("oom\\n"); return 1; }' % name)
                nexpr, kx = "%d + %d * i" % (n0, step), "%s + 0.125f * (float)i" % kexpr
                if st.mode == "init":
                    lines.append(" for (int i = 0; i < %d; i++) %s_init(&%s[i], %s, %s);" % (K, S, name, nexpr, kx))
                else:
                    body = field_alloc(rng, st, "%s[i]." % name, "%s[i]" % name, nexpr, kx, False, True)
                    lines.append(" for (int i = 0; i < %d; i++) {\n  %s\n }" % (K, "\n  ".join("\n".join(body).split("\n"))))
                objs = [("%s[%d]" % (name, i), n0 + step * i) for i in range(K)]
                lines_free = [" for (int i = 0; i < %d; i++) {%s }" % (K, "".join(
                    " free(%s[i].%s);" % (name, f.member) for f in st.fields))]
                if where == "heap":
                    lines_free.append(" free(%s);" % name)
                stats["farray"] += 1
            else:
                n = rng.randint(1, 60)
                if kind == "global":
                    name = "g%d_%s" % (j, S)
                    init = " = {.n = 0}" if rng.random() < 0.3 else ""
                    top.append("static struct %s %s%s;" % (S, name, init))
                    lv = name
                    stats["fglobal"] += 1
                elif kind == "local":
                    name = lv = "l%d_%s" % (j, S)
                    stats["flocalobj"] += 1
                else:
                    name = "h%d_%s" % (j, S)
                    lv = "(*%s)" % name
                    lines.append(" struct %s *%s = malloc(sizeof *%s);" % (S, name, name))
                    lines.append(' if (!%s) { printf("oom\\n"); return 1; }' % name)
                    stats["fheapobj"] += 1
                if st.mode == "init":
                    if kind == "local":
                        lines.append(" struct %s %s;" % (S, name))
                    lines.append(" %s_init(&%s, %d, %s);" % (S, lv, n, kexpr))
                else:
                    declare = kind == "local" and (rng.random() < 0.6 or any(f.style == "designated" for f in st.fields))
                    if kind == "local" and not declare:
                        lines.append(" struct %s %s;" % (S, name))
                    pre = "%s->" % name if kind == "heap" and rng.random() < 0.5 else lv + "."
                    body = field_alloc(rng, st, pre, lv, str(n), kexpr, declare, True)
                    lines += [" " + l for l in "\n".join(body).split("\n")]
                objs = [(lv, n)]
                lines_free = [" free(%s.%s);%s" % (lv, f.member, " %s.%s = NULL;" % (lv, f.member)
                                                  if rng.random() < 0.3 else "") for f in st.fields]
                if kind == "heap":
                    lines_free.append(" free(%s);" % name)
            targets += [(st, lv, n) for lv, n in objs]
            frees.append((st, objs, lines_free))
    # static functions over a struct: a reader (const or not) and an updater
    readers, updaters = {}, {}

    def reader(st):
        if st.name not in readers:
            readers[st.name] = "%s_sum" % st.name
            q = rng.choice(["const ", ""])
            body = ["double t = s->n;"]
            for kind, m in st.members:
                if kind == "plain" and m != "int n;":
                    body.append("t += s->%s;" % PLAIN_MEMBERS[m][0])
                elif kind == "field":
                    body.append("for (int i = 0; i < s->n + %d; i++) t += s->%s[i] * %s;"
                                % (m.extra, m.member, m.num(rng.uniform(-2, 2))))
            helpers.append("static double %s(%sstruct %s *s) {\n  %s\n  return t;\n}"
                           % (readers[st.name], q, st.name, "\n  ".join(body)))
        return readers[st.name]

    def updater(st):
        if st.name not in updaters:
            updaters[st.name] = "%s_update" % st.name
            body = []
            for f in st.fields:
                if rng.random() < 0.7 or not body:
                    body.append("for (int i = %d; i < s->n + %d; i += %d) %s;" % (
                        rng.randint(0, 2), f.extra, rng.randint(1, 4), f.put(
                            "s->%s[i]" % f.member, "s->%s[i] * %s + %sc" % (f.member, f.num(rng.uniform(-1.5, 1.5)), f.cast))))
            helpers.append("static void %s(struct %s *s, float c) {\n  %s\n}"
                           % (updaters[st.name], st.name, "\n  ".join(body)))
        return updaters[st.name]

    for _ in range(rng.randint(3, 12)):
        st, lv, n = rng.choice(targets)
        f = rng.choice(st.fields)
        L = n + f.extra
        t, acc_cast = f.ty, "(float)" if f.ty == "double" else ""
        fp = "%s.%s" % (lv, f.member)
        kind = rng.choice(["read", "read_n", "write", "loop", "reader", "update", "dot", "dot2",
                           "advance", "fread", "copy", "memcpy_out", "print", "localptr", "memcpy_in"])
        if kind == "read":
            lines.append(" for (int i = 0; i < %d; i++) acc += %s[i] * %s;" % (L, fp, f.num(rng.uniform(-2, 2))))
        elif kind == "read_n":
            lines.append(" for (int i = 0; i < %s.n + %d; i++) acc += %s[i];" % (lv, f.extra, fp))
        elif kind == "write":
            lines.append(" %s;" % f.put("%s[%d]" % (fp, rng.randrange(L)), value(rng, f)))
        elif kind == "loop":
            lines.append(" for (int i = %d; i < %d; i += %d) %s;" % (
                rng.randrange(L), L, rng.randint(1, 4),
                f.put("%s[i]" % fp, "%s - %s * %si" % (f.num(f.hi), f.num(0.29), f.cast))))
        elif kind == "reader":
            lines.append(" acc += (float)%s(&%s);" % (reader(st), lv))
            stats["freader"] += 1
        elif kind == "update":
            lines.append(" %s(&%s, %s);" % (updater(st), lv, fnum(rng.uniform(-1, 1))))
            stats["fupdate"] += 1
        elif kind == "dot":
            k = rng.randrange(L)
            lines.append(" acc += %s%s(%s%s, %s, %d);" % (acc_cast, dot(t), fp, " + %d" % k if k else "",
                                                         "xd_" if t == "double" else "xf_", L - k))
            stats["fhelper"] += 1
        elif kind == "dot2":  # two fields' memory in one call
            pool = [(st2, lv2, n2, g) for st2, lv2, n2 in targets for g in st2.fields if g.ty == t]
            st2, lv2, n2, g = rng.choice(pool)
            lines.append(" acc += %s%s(%s, %s.%s, %d);" % (acc_cast, dot(t), fp, lv2, g.member,
                                                          min(L, n2 + g.extra)))
            stats["fhelper"] += 1
        elif kind == "advance":
            k = rng.randrange(L)
            if rng.random() < 0.5:
                lines.append(" { const %s *t_ = %s + %d; acc += %st_[0] + %st_[%d] * 0.5f; }"
                             % (t, fp, k, acc_cast, acc_cast, rng.randrange(L - k)))
            else:
                lines.append(" { %s *t_ = %s + %d; %s; }" % (t, fp, k, f.put("t_[%d]" % rng.randrange(L - k), value(rng, f))))
            stats["fadvance"] += 1
        elif kind == "fread":
            k = rng.randrange(L)
            room = (L - k) * f.esize
            items = rng.random() < 0.7
            size = f.esize if items else 1
            cnt = rng.randint(1, room // size)
            fb = cnt * size if rng.random() < 0.7 else rng.randint(0, cnt * size)
            nv = max(1, -(-fb // f.esize))
            lines.append(" { static const %s v_[%d] = {%s};" % (t, nv, ", ".join(value(rng, f) for _ in range(nv))))
            lines.append('  FILE *f_ = tmpfile(); if (!f_) { perror("tmpfile"); return 1; }')
            lines.append("  fwrite(v_, 1, %d, f_); rewind(f_);" % fb)
            lines.append("  size_t got_ = fread(%s + %d, %d, %d, f_);" % (fp, k, size, cnt))
            lines.append('  printf("fread %zu\\n", got_);')
            # the elements the bytes read touched: after a short read, fread
            # has also stored the bytes of a partial item
            lines.append("#ifdef AFFQ_REFERENCE\n  %s\n#endif" % f.apply(
                "%s + %d" % (fp, k), -(-min(cnt * size, fb) // f.esize)))
            lines.append("  fclose(f_); }")
            stats["ffread"] += 1
        elif kind == "copy":  # a struct copy: the same memory through another struct
            j, j2 = rng.randrange(L), rng.randrange(L)
            if rng.random() < 0.5:
                head = "struct %s c_ = %s;" % (st.name, lv)
            else:
                head = "struct %s c_; c_ = %s;" % (st.name, lv)
            lines.append(" { %s acc += %sc_.%s[%d]; %s;%s }" % (
                head, acc_cast, f.member, j, f.put("c_.%s[%d]" % (f.member, j2), value(rng, f)),
                " acc += (float)%s(&c_);" % reader(st) if rng.random() < 0.4 else ""))
            stats["fcopy"] += 1
        elif kind == "memcpy_out":
            k = rng.randrange(L)
            m = min(64, L - k)
            b = f.buf()
            lines.append(" memset(%s, 0, sizeof %s); memcpy(%s, %s + %d, %d * sizeof(%s)); %s(\"out\", %s, %d);"
                         % (b, b, b, fp, k, m, t, f.printer(), b, m))
        elif kind == "print":
            lines.append(' %s("%s", %s, %d);' % (f.printer(), f.name, fp, min(64, L)))
        elif kind == "localptr":
            lines.append(" { %s *p_ = %s; %s; acc += %sp_[%d]; }" % (
                t, fp, f.put("p_[%d]" % rng.randrange(L), value(rng, f)), acc_cast, rng.randrange(L)))
        elif kind == "memcpy_in":
            k = rng.randrange(L)
            m = rng.randint(1, min(16, L - k))
            lines.append(" { static const %s src_[%d] = {%s}; memcpy(%s + %d, src_, sizeof src_);"
                         % (t, m, ", ".join(value(rng, f) for _ in range(m)), fp, k))
            lines.append("#ifdef AFFQ_REFERENCE\n  %s\n#endif\n }" % f.apply("%s + %d" % (fp, k), m))
    for st, lv, n in targets:
        for f in st.fields:
            lines.append(' %s("%s", %s.%s, %d);' % (f.printer(), f.name, lv, f.member, min(64, n + f.extra)))
    for st, objs, lf in frees:
        lines += lf
    lines.append("}")
    return "\n".join(lines), structs, stats

def program(rng, xrng=None, frng=None, avoid_known=False):
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
    ops_start = len(body)
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
    # mappings in main and loader functions, drawn from xrng (so the rest
    # of a seed's program is as it was before they came), each block put
    # among the other uses
    xstats = {"mmap": 0, "writable": 0, "shared": 0, "offset": 0, "partial": 0, "double": 0,
              "big": 0, "loader": 0, "fread": 0, "lmmap": 0, "writes": 0, "twice": 0}
    if xrng:
        blocks, xhid = [], [0]
        for i in range(xrng.choice([1, 1, 2]) if xrng.random() < 0.3 else 0):
            block, st = mmap_block(xrng, i, top, helpers, xhid)
            blocks.append(block)
            for key in st:
                xstats[key] += st[key]
        for i in range(xrng.choice([1, 1, 2]) if xrng.random() < 0.25 else 0):
            block, st = loader_block(xrng, i, top, helpers, xhid)
            blocks.append(block)
            for key in st:
                xstats["lmmap" if key == "mmap" else key] += st[key]
        for block in blocks:
            body.insert(xrng.randint(ops_start, len(body)), block)
    # struct types with annotated pointer fields, from frng (the rest of a
    # seed's program is as it was before them), put among main's uses
    structs, fstats_ = [], {}
    # (under UBSan its checks of a field's address refuse every field,
    # "the field's own address is taken": --avoid-known leaves them out)
    if (frng and frng.random() < 0.5
            and not (avoid_known and "-fsanitize=undefined" in flags)):
        block, structs, fstats_ = fields_block(frng, top, helpers, 0, avoid_known)
        body.insert(frng.randint(ops_start, len(body)), block)
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
    if xstats["mmap"] or xstats["loader"]:
        src += ["#include <stdlib.h>", "#include <sys/mman.h>", "#include <unistd.h>"]
    elif structs:
        src += ["#include <stdlib.h>"]
    src += top + helpers
    src += ["int main(void) {"] + ["  " + line for line in body] + ["  return 0;", "}"]
    # helpers that PUT into a global must see its REF_PARAMS: they come after top.
    files["main.c"] = "\n".join(src) + "\n"
    # the line of each field's declaration, where its remark points
    lines = files["main.c"].split("\n")
    fields = []
    for st in structs:
        for f in st.fields:
            marker = "/* field %s.%s */" % (st.name, f.member)
            fields.append(("%s.%s" % (st.name, f.member),
                           1 + next(i for i, l in enumerate(lines) if l.endswith(marker))))
    return files, arrays, flags, mix, fstats, xstats, fields, fstats_


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
    ap.add_argument("--avoid-known", action="store_true",
                    help="do not generate what the plugin is known to refuse or get wrong "
                         "(a first pointer field in a global array of structs; fields in "
                         "UBSan builds)")
    args = ap.parse_args()
    levels = [int(x) for x in args.opt_levels.split(",")]
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="affq-progfuzz-")
    quantized = mismatches = crashes = 0
    n_arrays = n_double = n_partial = double_programs = multi_programs = n_extern = mixed = 0
    freads = {"fread": 0, "short": 0, "unlocked": 0, "helper": 0, "volatile": 0}
    base = [args.clang, "-I" + args.include, "-ffp-contract=off", "-w"]
    xtotal = {}
    ftotal, field_programs, fields_quantized = {}, 0, 0
    for k in range(args.count):
        # the mappings and loaders draw from their own generator, seeded by
        # the seed and the program's number
        files, arrays, flavour, mix, fstats, xstats, fields, fst = program(
            rng, random.Random("progfuzz-x %d %d" % (args.seed, k)),
            random.Random("progfuzz-f %d %d" % (args.seed, k)), args.avoid_known)
        for key in fst:
            ftotal[key] = ftotal.get(key, 0) + fst[key]
        field_programs += bool(fields)
        for key in xstats:
            xtotal[key] = xtotal.get(key, 0) + xstats[key]
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
            if name != "ref" and fields:
                # every field is quantized, at every -O level: its remark at
                # the field's declaration
                at = set(int(x) for x in re.findall(
                    r"main\.c:(\d+):\d+: remark: quantized field of 'struct \w+'", err))
                missing = ["%s (line %d)" % (fn, line) for fn, line in fields if line not in at]
                if missing:
                    said = re.findall(r"remark: ((?:a struct )?field(?: of 'struct \w+')? .*?) \[", err)
                    problem = "%s: fields not quantized: %s; %s" % (name, ", ".join(missing), said[:2])
                    break
                if name == "O%d" % levels[0]:
                    fields_quantized += len(fields)
            if name == "O%d" % levels[0]:
                quantized += len(re.findall(r"remark: quantized (?!field)", err))
                # -w hides the warning; the remark says the same.  Exactly the
                # arrays meant to stay float (double) must be refused.
                refusals = re.findall(r"remark: (.*?) (stays (?:float|double)): (.*?) \[", err)
                refused = sorted(set("%s %s" % (n, st) for n, st, _ in refusals))
                if refused != expect_float:
                    problem = "refused %s, expected %s: %s" % (refused, expect_float, refusals[:1])
                    break
                # and every mapping and loader's pointer is quantized
                heap = len(re.findall(r"remark: quantized (?:mapped|heap) array", err))
                if heap != xstats["mmap"] + xstats["loader"]:
                    problem = "quantized %d mapped or heap arrays, expected %d" % (
                        heap, xstats["mmap"] + xstats["loader"])
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
            if ("differs" in problem or "refused" in problem or "compile" in problem
                    or "quantized" in problem):  # (also: fields not quantized)
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
             freads["volatile"]), end="")
    print(", mmap %d (%d writable, %d shared read-only, %d at a page offset, %d ending inside an "
          "element, %d double, %d over 1 MiB), loaders %d (%d fread, %d mmap, %d written, %d called "
          "twice)" % tuple(xtotal[key] for key in (
              "mmap", "writable", "shared", "offset", "partial", "double", "big",
              "loader", "fread", "lmmap", "writes", "twice")))
    ft = lambda key: ftotal.get(key, 0)
    print("fields: %d programs, %d struct types (%d allocated in an init function, %d in main), "
          "%d fields (%d double; %d by a designated initializer, %d through a local pointer; "
          "%d calloc, %d aligned_alloc); objects: %d global, %d local, %d on the heap, %d arrays "
          "of structs; uses: %d struct copies, %d fread, %d helper calls, %d readers, %d updaters, "
          "%d advanced pointers"
          % (field_programs, ft("structs"), ft("finit"), ft("finline"), ft("fields"), ft("fdouble"),
             ft("fdesignated"), ft("flocal"), ft("fcalloc"), ft("faligned"), ft("fglobal"),
             ft("flocalobj"), ft("fheapobj"), ft("farray"), ft("fcopy"), ft("ffread"),
             ft("fhelper"), ft("freader"), ft("fupdate"), ft("fadvance")))
    print("programs %d, arrays quantized %d, fields quantized %d, mismatches %d, crashes %d"
          % (args.count, quantized, fields_quantized, mismatches, crashes))
    return 1 if mismatches or crashes else 0


if __name__ == "__main__":
    sys.exit(main())
