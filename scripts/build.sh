#!/usr/bin/env bash
# Configure and build affq into ${AFFQ_BUILD_DIR:-build} with clang-19.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${AFFQ_BUILD_DIR:-$root/build}
"$root/scripts/setup.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DLLVM_DIR=/usr/lib/llvm-19/lib/cmake/llvm >&2
fi
cmake --build "$build" >&2
