#!/usr/bin/env bash
# sanitized.sh CLANG SRC_ROOT OUT_DIR PATHS: build libaffq_rt with ASan and
# UBSan (every kernel file with its own ISA flags, as runtime/CMakeLists.txt
# does), then build and run the runtime's test programs against it on each
# kernel path of PATHS ("scalar sse4 avx2 ...": what this CPU has, from
# lit.cfg.py, or fewer).  isa-identical and isa-identical-f64 compare every
# path of PATHS with scalar (AFFQ_TEST_PATHS), and print which they ran;
# golden-f64 runs every path the CPU has by itself; each other program runs
# once per path (AFFQ_ISA).  Any sanitizer report aborts the program
# (-fno-sanitize-recover), so a test "ok" means no error was found on any of
# those paths, and its output passed the test's own CHECK lines.
set -euo pipefail
clang=$1 root=$2 out=$3 paths=$4
mkdir -p "$out"
san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1)
common=(-std=c11 -ffp-contract=off -I"$root/include" -I"$root/runtime" "${san[@]}")
mapfile -t objs < <(bash "$root/scripts/runtime_objects.sh" "$clang" "$root" "$out" "${san[@]}")
"$clang" "${common[@]}" "$root/test/runtime/isa-identical.c" "${objs[@]}" -lm -lpthread -o "$out/isa-identical"
AFFQ_TEST_PATHS=$paths "$out/isa-identical" > "$out/isa-identical.txt" 2>&1
FileCheck "$root/test/runtime/isa-identical.c" < "$out/isa-identical.txt"
echo "isa-identical: ok ($(sed -n 's/^path \([a-z0-9]*\):.*/\1/p' "$out/isa-identical.txt" | xargs))"
"$clang" "${common[@]}" "$root/test/runtime/isa-identical-f64.c" "${objs[@]}" -lm -lpthread -o "$out/isa-identical-f64"
AFFQ_TEST_PATHS=$paths "$out/isa-identical-f64" > "$out/isa-identical-f64.txt" 2>&1
FileCheck "$root/test/runtime/isa-identical-f64.c" < "$out/isa-identical-f64.txt"
echo "isa-identical-f64: ok ($(sed -n 's/^path \([a-z0-9]*\):.*/\1/p' "$out/isa-identical-f64.txt" | xargs))"
ok=2
for t in kernel-semantics api-errors special-values metrics seeds copy-bytes \
         kernel-semantics-f64 api-errors-f64 special-values-f64; do
  "$clang" "${common[@]}" "$root/test/runtime/$t.c" "${objs[@]}" -lm -lpthread -o "$out/$t"
  for p in $paths; do
    AFFQ_ISA=$p "$out/$t" > "$out/$t.$p.txt" 2>&1
    # the same results as the normal build: the test's own CHECK lines
    FileCheck "$root/test/runtime/$t.c" < "$out/$t.$p.txt"
  done
  echo "$t: ok"
  ok=$((ok + 1))
done
"$clang" "${common[@]}" "$root/test/runtime/golden-quantize.c" "${objs[@]}" -lm -lpthread -o "$out/golden-quantize"
for p in $paths; do
  AFFQ_ISA=$p "$out/golden-quantize" "$root/test/runtime/golden/quantize.txt" | sed "s/^/$p: /"
done
echo "golden-quantize: ok"
# golden-f64 runs every path this CPU has by itself
"$clang" "${common[@]}" "$root/test/runtime/golden-f64.c" "${objs[@]}" -lm -lpthread -o "$out/golden-f64"
"$out/golden-f64" "$root/test/runtime/golden/f64.txt" > "$out/golden-f64.txt"
FileCheck "$root/test/runtime/golden-f64.c" < "$out/golden-f64.txt"
echo "golden-f64: ok"
echo "sanitized: $((ok + 2)) ok"
