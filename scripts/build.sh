#!/usr/bin/env bash
# Configure and build affq with clang-N against LLVM N (AFFQ_LLVM, default
# 19), into build/ (or build-llvmN/, or $AFFQ_BUILD_DIR).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/llvm-env.sh"
"$root/scripts/setup.sh"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_C_COMPILER="$clang" -DCMAKE_CXX_COMPILER="clang++-$llvm_version" \
    -DLLVM_DIR="$llvm_root/lib/cmake/llvm" >&2
fi
cmake --build "$build" >&2
