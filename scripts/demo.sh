#!/usr/bin/env bash
# README's main-job command: install what is missing, build affq, then
#   1. compile examples/hello with clang-19 twice, with the affq plugin and
#      without it, and run both side by side;
#   2. run the digits demo (examples/digits/run.sh): train an MLP in float,
#      build its inference with and without the plugin, and compare accuracy,
#      object size and speed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/llvm-env.sh"
# every setup and build message reaches the user: a failed build says why
"$root/scripts/build.sh" || { echo "affq: the build failed (messages above)" >&2; exit 1; }

out="$build/examples"
mkdir -p "$out"
src="$root/examples/hello/hello.c"
cflags=(-O2 -I"$root/include")
libs=("$build/runtime/libaffq_rt.a" -lm)

echo "== $clang -O2 -fpass-plugin=affq.so -Rpass=affq examples/hello/hello.c"
"$clang" "${cflags[@]}" -fpass-plugin="$build/lib/affq.so" -Rpass=affq "$src" "${libs[@]}" \
  -o "$out/hello-affq" 2>&1 | grep -E "remark" | sed "s|$root/||"
echo "== $clang -O2 examples/hello/hello.c (no plugin: float)"
"$clang" "${cflags[@]}" "$src" "${libs[@]}" -o "$out/hello-float"
echo
echo "-- float --"
"$out/hello-float"
echo "-- affq (INT8 storage) --"
"$out/hello-affq"
echo
echo "== examples/digits: the UCI handwritten digits, float against INT8 weights"
"$root/examples/digits/run.sh" "$out/digits"
