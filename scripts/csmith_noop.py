#!/usr/bin/env python3
"""csmith_noop.py: the plugin must be a no-op on programs without affq
annotations.  For N csmith programs, compile each with clang -O2 with and
without -fpass-plugin=affq.so: the LLVM IR must be identical (text), and the
two binaries must print the same checksum.

  csmith_noop.py --clang CLANG --plugin affq.so --count N [--seed S] [--min-ran F]
Prints "programs N, ir differs D, output differs O, skipped S" last
(skipped: csmith failed, or the program timed out in both builds alike).
Fails on any difference, and when fewer than F (default 2/3) of the programs
ran: a run that skipped most of them has checked little.
"""
import argparse
import fractions
import os
import subprocess
import sys
import tempfile


def run(cmd, timeout=60):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clang", required=True)
    ap.add_argument("--plugin", required=True)
    ap.add_argument("--count", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-ran", type=fractions.Fraction, default=fractions.Fraction(2, 3))
    args = ap.parse_args()
    inc = next((d for d in ("/usr/include/csmith", "/usr/include/csmith-2.3.0") if os.path.isdir(d)),
               "/usr/include")
    work = tempfile.mkdtemp(prefix="affq-csmith-")
    ir_diff = out_diff = skipped = 0
    for k in range(args.count):
        src = os.path.join(work, "c%d.c" % k)
        g = run(["csmith", "--seed", str(args.seed * 100003 + k), "-o", src])
        if not g or g.returncode:
            skipped += 1
            continue
        base = [args.clang, "-O2", "-w", "-I" + inc, src]
        irs, outs = [], []
        for extra in ([], ["-fpass-plugin=" + args.plugin]):
            c = run(base + extra + ["-S", "-emit-llvm", "-o", "-"])
            irs.append(c.stdout if c else None)
            exe = src + (".affq" if extra else ".plain")
            b = run(base + extra + ["-o", exe])
            r = run([exe], timeout=5) if b and b.returncode == 0 else None
            outs.append(r.stdout if r else None)
        if irs[0] is None or irs[0] != irs[1]:
            ir_diff += 1
            print("program %d: the IR differs" % k)
        if outs[0] is None and outs[1] is None:
            skipped += 1
        elif outs[0] != outs[1]:
            out_diff += 1
            print("program %d: the output differs" % k)
    print("programs %d, ir differs %d, output differs %d, skipped %d"
          % (args.count, ir_diff, out_diff, skipped))
    ran = args.count - skipped
    too_few = ran < args.min_ran * args.count
    if too_few:
        print("only %d of %d programs ran; at least %s of them must" % (ran, args.count, args.min_ran))
    return 1 if ir_diff or out_diff or too_few else 0


if __name__ == "__main__":
    sys.exit(main())
