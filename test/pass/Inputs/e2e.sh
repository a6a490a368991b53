#!/usr/bin/env bash
# e2e.sh CLANG PLUGIN RUNTIME_LIB INCLUDE SRC OUT [extra clang flags]
# Verifies the plugin's IR for SRC with opt, builds SRC with the plugin at -O0..-O3, as the reference (-DAFFQ_REFERENCE,
# no plugin), and as plain float (no plugin), runs each, and checks:
#   - every -O level prints exactly what the reference prints;
#   - the float build prints something else (so quantization happened).
# Prints "e2e: ok" and the reference output, or what differs.
#
# All builds use -ffp-contract=off.  Under clang's default (-ffp-contract=on)
# a plain float program, with no affq at all, may print different bits at
# different -O levels: a*b+c becomes llvm.fmuladd, which the constant folder
# evaluates fused at -O3 but x86-64 without FMA runs unfused (seen with
# test/pass/e2e-callee.c: dot V2 0x1.33334p-2 at -O0, 0x1.333358p-2 at -O3).
# affq's own conversions carry no contraction flags either way.
set -euo pipefail
clang=$1 plugin=$2 rt=$3 inc=$4 src=$5 out=$6
shift 6
set -- -ffp-contract=off "$@"
# clang release builds do not verify their IR: check the pass's output with opt
"$clang" -O0 -I"$inc" -fpass-plugin="$plugin" "$@" -S -emit-llvm "$src" -o "$out.ll"
"$(dirname "$clang")/opt" -passes=verify -disable-output "$out.ll"
for o in 0 1 2 3; do
  "$clang" -O$o -I"$inc" -fpass-plugin="$plugin" "$@" "$src" "$rt" -lm -o "$out.O$o"
  "$out.O$o" > "$out.O$o.txt"
done
"$clang" -O0 -I"$inc" -DAFFQ_REFERENCE "$@" "$src" "$rt" -lm -o "$out.ref"
"$out.ref" > "$out.ref.txt"
"$clang" -O0 -I"$inc" "$@" "$src" "$rt" -lm -o "$out.float"
"$out.float" > "$out.float.txt"
status=0
for o in 0 1 2 3; do
  if ! cmp -s "$out.O$o.txt" "$out.ref.txt"; then
    echo "e2e: -O$o differs from the reference:"
    diff "$out.ref.txt" "$out.O$o.txt" | head -n 10
    status=1
  fi
done
if cmp -s "$out.float.txt" "$out.ref.txt"; then
  echo "e2e: the float build prints the same as the reference: nothing was quantized"
  status=1
fi
[ $status -eq 0 ] && echo "e2e: ok"
cat "$out.ref.txt"
exit $status
