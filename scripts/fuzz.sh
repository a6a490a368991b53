#!/usr/bin/env bash
# fuzz.sh SECONDS [OUT_DIR]: build the libFuzzer harnesses of fuzz/ with
# ASan and UBSan (the runtime with every kernel file's own ISA flags) and run
# each for SECONDS.  Prints libFuzzer's last status line for each, and
# "fuzz: <name> ok" when it ended without a crash; for fuzz_kernels, also
# "fuzz_kernels: paths: scalar ..." (the reference and each path the run
# compared with it).  fuzz_kernels takes the paths this CPU has, or those of
# $AFFQ_TEST_PATHS (e.g. "scalar sse4 avx2": as on a CPU without the rest).
set -euo pipefail
secs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$root/build/fuzz}
clang=${CLANG:-clang-19}
mkdir -p "$out"
san=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1)
common=(-std=c11 -ffp-contract=off -I"$root/include" -I"$root/runtime" -I"$root/lib" -I/usr/lib/llvm-19/include)
# fuzzer-no-link: the runtime's branches count as coverage too
mapfile -t objs < <(bash "$root/scripts/runtime_objects.sh" "$clang" "$root" "$out" \
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -g -O1)
"$clang" "${common[@]}" "${san[@]}" "$root/fuzz/fuzz_kernels.c" "${objs[@]}" -lm -lpthread -o "$out/fuzz_kernels"
"$clang" "${common[@]}" "${san[@]}" "$root/fuzz/fuzz_options.c" "$root/lib/options.c" \
  "$root/runtime/profile.c" "$root/runtime/qparams.c" -lm -o "$out/fuzz_options"
"$clang" "${common[@]}" "${san[@]}" "$root/fuzz/fuzz_profile.c" "$root/runtime/profile.c" \
  "$root/runtime/qparams.c" -lm -o "$out/fuzz_profile"
mkdir -p "$out/fuzz_profile.corpus" # seed: a real profile, so the fuzzer starts inside the format
printf 'affq-profile 1\narray m.c act m.c:3 16\ncount 3 nan 1 inf 0 min -0x1p+0 max 0x1.8p+1\nhist 1031 1\nhist 3076 1\nend\n' \
  > "$out/fuzz_profile.corpus/seed"
for h in fuzz_kernels fuzz_options fuzz_profile; do
  mkdir -p "$out/$h.corpus"
  "$out/$h" -max_total_time="$secs" -print_final_stats=1 "$out/$h.corpus" > "$out/$h.log" 2>&1
  grep -E "^stat::number_of_executed_units" "$out/$h.log" | sed "s/^/$h: /"
  if [ "$h" = fuzz_kernels ]; then
    echo "$h: paths: scalar$(for p in sse4 avx2 avx2vnni avx512 avx512vnni neon neondot; do
      if grep -qx "fuzz_kernels: compared $p" "$out/$h.log"; then printf ' %s' "$p"; fi; done)"
  fi
  echo "fuzz: $h ok"
done
