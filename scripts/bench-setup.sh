#!/usr/bin/env bash
# scripts/bench-setup.sh - what the benchmarks need beyond the tests:
# XNNPACK and pthreadpool (Debian's libxnnpack-dev, libpthreadpool-dev) for
# affq-bench's baselines (bench/xnn_baseline.c).  Then rebuild: CMake finds
# them and affq-bench prints the XNNPACK rows.  The tests never need them.
set -euo pipefail
pkgs=(libxnnpack-dev libpthreadpool-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/llvm-env.sh" # $build
# configure again: CMake caches find_library's "not found"
rm -f "$build/CMakeCache.txt" "$build/build.ninja"
"$root/scripts/build.sh"
