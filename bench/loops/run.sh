#!/usr/bin/env bash
# run.sh - build and run the marked-loop benchmark (bench/README.md):
# each source of bench/loops twice, with the plugin (-O2 -march=native) and as
# float (-O2 -march=native -ffast-math, no plugin), linked into one program
# that times them side by side.  Prints the objects' sizes first.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${AFFQ_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"
out=$build/bench/loops
mkdir -p "$out"
src=$root/bench/loops
# AFFQ_BENCH_MARCH=x86-64-v3 with AFFQ_ISA=avx2 stands for an AVX2 machine
march=${AFFQ_BENCH_MARCH:-native}
common=(-O2 -march="$march" -std=c11 -I"$root/include" -I"$src")
objs=()
for s in gemv_loop mlp_loop dot_qq_loop shapes_loop; do
  clang-19 "${common[@]}" -DVARIANT=affq -fpass-plugin="$build/lib/affq.so" -c "$src/$s.c" -o "$out/$s.affq.o"
  clang-19 "${common[@]}" -DVARIANT=float -ffast-math -c "$src/$s.c" -o "$out/$s.float.o"
  objs+=("$out/$s.affq.o" "$out/$s.float.o")
done
echo "object sizes (bytes; the weights are zero-initialized, so they sit in .bss):"
llvm-size-19 "${objs[@]}" | sed 's|'"$out"'/||'
clang-19 "${common[@]}" "$src/loops_bench.c" "${objs[@]}" "$build/runtime/libaffq_rt.a" -lm -o "$out/loops-bench"
"$out/loops-bench" "$@"
