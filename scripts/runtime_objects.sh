#!/usr/bin/env bash
# runtime_objects.sh CLANG ROOT OUT_DIR [FLAGS...]: compile libaffq_rt's
# sources for this machine with FLAGS (e.g. sanitizers), each kernel file
# with its own ISA flags as runtime/CMakeLists.txt does, and print the object
# files, one per line.  For the sanitizer and fuzzing builds.
set -euo pipefail
clang=$1 root=$2 out=$3
shift 3
mkdir -p "$out"
while read -r file isa; do
  "$clang" -std=c11 -ffp-contract=off -I"$root/include" -I"$root/runtime" "$@" $isa \
    -c "$root/runtime/$file" -o "$out/${file%.c}.o"
  echo "$out/${file%.c}.o"
done <<LIST
qparams.c
metrics.c
api.c
dispatch.c
loop_abi.c
kernels_scalar.c
kernels_sse41.c -msse4.1
kernels_avx2.c -mavx2
kernels_avxvnni.c -mavx2 -mavxvnni
kernels_avx512.c -mavx512f -mavx512bw -mavx512vl
kernels_avx512vnni.c -mavx512f -mavx512bw -mavx512vl -mavx512vnni
LIST
