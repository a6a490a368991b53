#!/usr/bin/env bash
# README's main-job command: install what is missing, build affq, then compile
# an example with clang-19 and the affq pass plugin and run it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AFFQ_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"

out="$build/examples"
mkdir -p "$out"
echo "== examples/hello: clang-19 -O2 -fpass-plugin=affq.so hello.c -laffq_rt"
clang-19 -O2 -fpass-plugin="$build/lib/affq.so" -I"$root/include" \
  "$root/examples/hello/hello.c" -L"$build/runtime" -Wl,-Bstatic -laffq_rt -Wl,-Bdynamic -lm \
  -o "$out/hello"
"$out/hello"
