#!/usr/bin/env bash
# bench/compile/run.sh [RUNS] - what the pass costs at compile time, from
# clang's -ftime-report (the affq:: passes, wall seconds), median and range
# of RUNS compiles (default 5) of generated sources:
#   - a constant table of 1 Mi and 4 Mi random floats: seconds per Mi
#     elements (goal: <= 0.1 s, issue 12 item 13);
#   - a zero-initialized array of 1e8 floats with AFFQ_RANGE (goal: O(1),
#     about what a 1-element array costs; item 12), beside the whole compile
#     of the same file without the plugin;
#   - translation units with no annotation at all (the project's own
#     runtime/api.c and bench/affq_bench.c, and a generated file of 400
#     small functions with loops) at -O2: the pass's time as a fraction of
#     the whole compile without the plugin (goal: <= 2%, issue 16 item 8).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export AFFQ_ROOT=$root AFFQ_BUILD=${AFFQ_BUILD_DIR:-$root/build} CLANG=${CLANG:-clang-19}
exec python3 - "${1:-5}" <<'PY'
import atexit, os, random, re, shutil, statistics, subprocess, sys, tempfile, time
runs = int(sys.argv[1])
root, build, clang = os.environ["AFFQ_ROOT"], os.environ["AFFQ_BUILD"], os.environ["CLANG"]
d = tempfile.mkdtemp()
atexit.register(shutil.rmtree, d)
random.seed(1)
for mi in (1, 4):
    with open(f"{d}/const{mi}.c", "w") as f:
        f.write('#include "affq.h"\nAFFQ const float C[%d] = {' % (mi << 20))
        f.write(",".join("%.6ff" % random.uniform(-3, 3) for _ in range(mi << 20)))
        f.write("};\nfloat get(long i) { return C[i]; }\n")
for name, n in (("zero1e8", 100000000), ("zero1", 1)):
    with open(f"{d}/{name}.c", "w") as f:
        f.write('#include "affq.h"\nAFFQ_RANGE(-1, 1) float Z[%d];\n' % n)
        f.write("float get(long i) { return Z[i]; }\nvoid put(long i, float v) { Z[i] = v; }\n")

with open(f"{d}/plain400.c", "w") as f:
    for i in range(400):
        f.write("float f%d(const float *a, const float *b, int n) {\n"
                "  float s = 0;\n  for (int i = 0; i < n; i++) s += a[i] * b[(i * %d) %% n];\n"
                "  return s;\n}\n" % (i, i + 1))

def compile(src, plugin=True, opt="-O1"):
    cmd = [clang, opt, "-I" + root + "/include", "-I" + root + "/runtime", "-c", src, "-o", os.devnull]
    if plugin:
        cmd += ["-fpass-plugin=" + build + "/lib/affq.so", "-ftime-report"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    if not plugin:
        return wall
    # every affq pass (AffqPass, the loop stage, the report...): the sum of
    # their last time column, the wall time
    t = [float(re.findall(r"(\d+\.\d+) *\(", line)[-1])
         for line in r.stderr.splitlines() if "affq::" in line]
    if not t:
        raise SystemExit("no affq:: line in -ftime-report")
    return sum(t)

def stat(src, per=1, plugin=True):
    v = sorted(compile(src, plugin) / per for _ in range(runs))
    return "%.4f [%.4f, %.4f]" % (statistics.median(v), v[0], v[-1])

def fraction(src):
    """The pass's time over the whole -O2 compile without it, each compile
    pair back to back: median [min, max] of the per-pair fractions."""
    v = sorted(compile(src, True, "-O2") / compile(src, False, "-O2") for _ in range(runs))
    return "%.2f%% [%.2f%%, %.2f%%]" % (100 * statistics.median(v), 100 * v[0], 100 * v[-1])

print("affq pass time, clang -O1 -ftime-report, median [min, max] of %d compiles" % runs)
print("%-46s %s  (goal <= 0.1)" % ("constant 1 Mi floats, s per Mi elements:", stat(f"{d}/const1.c")))
print("%-46s %s  (goal <= 0.1)" % ("constant 4 Mi floats, s per Mi elements:", stat(f"{d}/const4.c", 4)))
print("%-46s %s" % ("zero-initialized 1e8 floats, s:", stat(f"{d}/zero1e8.c")))
print("%-46s %s" % ("zero-initialized 1 float, s:", stat(f"{d}/zero1.c")))
print("%-46s %s" % ("1e8 floats, whole compile without affq, s:", stat(f"{d}/zero1e8.c", plugin=False)))
print("no annotations, clang -O2: the pass's time / the whole compile without it (goal <= 2%)")
for name, src in (("runtime/api.c", root + "/runtime/api.c"),
                  ("bench/affq_bench.c", root + "/bench/affq_bench.c"),
                  ("400 generated functions", f"{d}/plain400.c")):
    print("  %-44s %s" % (name + ":", fraction(src)))
PY
