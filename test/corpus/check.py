"""check.py CLANG OPT PLUGIN RUNTIME INCLUDE FILE...: the bad-input corpus.

Each file says what must happen, in its first lines:
  // EXPECT: error <text>      compile fails with "error: affq: ...<text>"
  // EXPECT: warning <text>    compiles, with "warning: affq: ...<text>"
  // EXPECT: quantized <text>  compiles, with the remark "quantized <text>"
  // EXPECT: nothing           compiles, and affq says nothing
  // OUTPUT: <text>            the program (if it has main) prints this
  // FLAGS: <flags>            extra clang flags
At -O0 and -O2 each case must also: not crash clang, and (when it compiles)
give IR that passes the verifier.  Prints one line per failure, then
"cases N, failed F".
"""
import os
import re
import subprocess
import sys
import tempfile

clang, opt, plugin, runtime, include = sys.argv[1:6]
files = sys.argv[6:]
tmp = tempfile.mkdtemp(prefix="affq-corpus-")
failed = 0


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


for path in sorted(files):
    text = open(path).read()
    expect = re.search(r"// EXPECT: (\w+) ?(.*)", text)
    output = re.search(r"// OUTPUT: (.*)", text)
    flags = (re.search(r"// FLAGS: (.*)", text) or [None, ""])[1].split()
    kind, what = expect.group(1), expect.group(2).strip()
    name = os.path.basename(path)
    problems = []
    for level in ("-O0", "-O2"):
        base = [clang, level, "-I" + include, "-fpass-plugin=" + plugin, "-Rpass=affq"] + flags
        c = run(base + ["-S", "-emit-llvm", "-o", os.path.join(tmp, "x.ll"), path])
        err = c.stderr
        if "PLEASE submit a bug report" in err or "Stack dump" in err or c.returncode > 1:
            problems.append("%s: clang crashed (exit %d)" % (level, c.returncode))
            continue
        if kind == "error":
            if c.returncode != 1 or not re.search(r"error: affq: .*" + re.escape(what), err):
                problems.append("%s: expected error '%s', got exit %d: %s" % (level, what, c.returncode, err.strip()[:200]))
            continue
        if c.returncode != 0:
            problems.append("%s: compile failed: %s" % (level, err.strip()[:200]))
            continue
        v = run([opt, "-passes=verify", "-disable-output", os.path.join(tmp, "x.ll")])
        if v.returncode != 0:
            problems.append("%s: the IR does not verify: %s" % (level, v.stderr.strip()[:200]))
        if kind == "warning" and not re.search(r"warning: affq: .*" + re.escape(what), err):
            problems.append("%s: expected warning '%s': %s" % (level, what, err.strip()[:200]))
        if kind == "quantized" and not re.search(r"remark: quantized " + re.escape(what), err):
            problems.append("%s: expected 'quantized %s': %s" % (level, what, err.strip()[:200]))
        if kind == "nothing" and "affq" in err:
            problems.append("%s: expected nothing from affq: %s" % (level, err.strip()[:200]))
        if output:
            exe = os.path.join(tmp, "x.exe")
            b = run(base + [path, runtime, "-lm", "-o", exe])
            r = run([exe]) if b.returncode == 0 else None
            got = r.stdout.strip() if r else "(did not build: %s)" % b.stderr.strip()[:200]
            if got != output.group(1).strip():
                problems.append("%s: printed '%s', expected '%s'" % (level, got, output.group(1).strip()))
    for p in problems:
        print("%s: %s" % (name, p))
    failed += bool(problems)
print("cases %d, failed %d" % (len(files), failed))
sys.exit(1 if failed else 0)
