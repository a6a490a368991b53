#!/usr/bin/env bash
# bench/compile/run.sh [RUNS] - what the pass costs at compile time, from
# clang's -ftime-report ("affq::AffqPass", wall seconds), median and range
# of RUNS compiles (default 5) of generated sources:
#   - a constant table of 1 Mi and 4 Mi random floats: seconds per Mi
#     elements (goal: <= 0.1 s, issue 12 item 13);
#   - a zero-initialized array of 1e8 floats with AFFQ_RANGE (goal: O(1),
#     about what a 1-element array costs; item 12), beside the whole compile
#     of the same file without the plugin.
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

def compile(src, plugin=True):
    cmd = [clang, "-O1", "-I" + root + "/include", "-c", src, "-o", os.devnull]
    if plugin:
        cmd += ["-fpass-plugin=" + build + "/lib/affq.so", "-ftime-report"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    if not plugin:
        return wall
    for line in r.stderr.splitlines():
        if "affq::AffqPass" in line:  # the last time column is the wall time
            return float(re.findall(r"(\d+\.\d+) *\(", line)[-1])
    raise SystemExit("no affq::AffqPass line in -ftime-report")

def stat(src, per=1, plugin=True):
    v = sorted(compile(src, plugin) / per for _ in range(runs))
    return "%.4f [%.4f, %.4f]" % (statistics.median(v), v[0], v[-1])

print("affq pass time, clang -O1 -ftime-report, median [min, max] of %d compiles" % runs)
print("%-46s %s  (goal <= 0.1)" % ("constant 1 Mi floats, s per Mi elements:", stat(f"{d}/const1.c")))
print("%-46s %s  (goal <= 0.1)" % ("constant 4 Mi floats, s per Mi elements:", stat(f"{d}/const4.c", 4)))
print("%-46s %s" % ("zero-initialized 1e8 floats, s:", stat(f"{d}/zero1e8.c")))
print("%-46s %s" % ("zero-initialized 1 float, s:", stat(f"{d}/zero1.c")))
print("%-46s %s" % ("1e8 floats, whole compile without affq, s:", stat(f"{d}/zero1e8.c", plugin=False)))
PY
