#!/usr/bin/env bash
# sanitized.sh CLANG SRC_ROOT OUT_DIR: build libaffq_rt with ASan and UBSan
# (every kernel file with its own ISA flags, as runtime/CMakeLists.txt does),
# then build and run the runtime's test programs against it.  Any sanitizer
# report aborts the program (-fno-sanitize-recover), so a test "ok" means no
# error was found on every path this machine has, and its output passed the
# test's own CHECK lines.
set -euo pipefail
clang=$1 root=$2 out=$3
mkdir -p "$out"
san=(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1)
common=(-std=c11 -ffp-contract=off -I"$root/include" -I"$root/runtime" "${san[@]}")
mapfile -t objs < <(bash "$root/scripts/runtime_objects.sh" "$clang" "$root" "$out" "${san[@]}")
ok=0
for t in isa-identical kernel-semantics api-errors special-values metrics seeds; do
  "$clang" "${common[@]}" "$root/test/runtime/$t.c" "${objs[@]}" -lm -lpthread -o "$out/$t"
  "$out/$t" > "$out/$t.txt" 2>&1
  # the same results as the normal build: the test's own CHECK lines
  FileCheck "$root/test/runtime/$t.c" < "$out/$t.txt"
  echo "$t: ok"
  ok=$((ok + 1))
done
"$clang" "${common[@]}" "$root/test/runtime/golden-quantize.c" "${objs[@]}" -lm -lpthread -o "$out/golden-quantize"
"$out/golden-quantize" "$root/test/runtime/golden/quantize.txt"
echo "golden-quantize: ok"
echo "sanitized: $((ok + 1)) ok"
