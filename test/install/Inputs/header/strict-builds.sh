#!/bin/sh
# strict-builds.sh OUT EXPECT SRC CLANG CLANGXX [FLAG...]
#
# Builds SRC without the affq plugin or runtime with each C compiler (gcc,
# CLANG) in C99, C11 and C2x and each C++ compiler (g++, CLANGXX) in C++11
# and C++17, all with -Wall -Wextra -pedantic -Werror and the
# FLAGs; runs each program and compares what it prints with EXPECT.  A
# compiler that is not installed is skipped (said on stderr); a failed build
# or run, another output, or no build at all fails.  Prints one line per
# build, then "N builds: EXPECT".
set -eu
out=$1 expect=$2 src=$3 clang=$4 clangxx=$5
shift 5
n=0
build() { # compiler, language, standard, flags...
  cc=$1 lang=$2 std=$3
  shift 3
  if ! command -v "$cc" > /dev/null 2>&1; then
    echo "skipped: $cc is not installed" >&2
    return 0
  fi
  exe="$out/$(basename "$cc")-$std"
  "$cc" -x "$lang" -std="$std" -Wall -Wextra -pedantic -Werror "$@" "$src" -o "$exe" || exit 1
  got=$("$exe") || { echo "$cc -std=$std: the program failed: $got" >&2; exit 1; }
  echo "$(basename "$cc") -std=$std: $got"
  [ "$got" = "$expect" ] || { echo "$cc -std=$std: printed '$got', not '$expect'" >&2; exit 1; }
  n=$((n + 1))
}
for cc in gcc "$clang"; do
  for std in c99 c11 c2x; do
    build "$cc" c "$std" "$@"
  done
done
for cxx in g++ "$clangxx"; do
  for std in c++11 c++17; do
    build "$cxx" c++ "$std" "$@"
  done
done
[ "$n" -gt 0 ] || { echo "no compiler ran" >&2; exit 1; }
echo "$n builds: $expect"
