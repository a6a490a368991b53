#!/usr/bin/env bash
# valgrind_plugin.sh [FILES...]: compile each C file with clang-19 -O2 and the
# plugin under valgrind memcheck, and count the errors whose stack has a frame
# in affq.so (clang itself reports one uninitialised-value error with or
# without the plugin; that one is not ours).  Default files: the lit suite's
# test/pass/*.c and test/corpus/*.c.  Prints "valgrind: N files, affq errors E".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$root"/test/pass/*.c "$root"/test/corpus/*.c)
errors=0
for f in "${files[@]}"; do
  log=$(valgrind --trace-children=yes --num-callers=30 /usr/lib/llvm-19/bin/clang -O2 -I"$root/include" \
    -fpass-plugin="$root/build/lib/affq.so" -c "$f" -o /dev/null 2>&1)
  # an error block starts with its kind and ends at a bare "==PID== " line;
  # count the blocks with a frame in affq.so
  n=$(printf '%s\n' "$log" | awk '
    /^==[0-9]+== (Invalid|Conditional jump|Use of uninitialised|Mismatched|Syscall param|Source and destination)/ {inerr = 1; ours = 0; next}
    inerr && /\(in .*affq\.so\)/ {ours = 1}
    inerr && /^==[0-9]+== $/ {c += ours; inerr = 0}
    END {print c + 0}')
  [ "$n" -gt 0 ] && echo "$(basename "$f"): $n affq errors"
  errors=$((errors + n))
done
echo "valgrind: ${#files[@]} files, affq errors $errors"
