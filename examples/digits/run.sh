#!/usr/bin/env bash
# run.sh [OUT_DIR] - the digits demo, end to end: train the MLP in float,
# build the inference program with and without the affq plugin, and print
# accuracy, object size and speed side by side.  Needs a built tree
# (scripts/build.sh); scripts/demo.sh runs this.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/scripts/llvm-env.sh"
out=${1:-$build/examples/digits}
mkdir -p "$out"
cc=${CC_FOR_DEMO:-$clang}

gzip -dc "$here/data/digits.csv.gz" > "$out/digits.csv"
"$cc" -O2 -std=c11 -I"$here" "$here/train.c" -lm -o "$out/train"
"$out/train" "$out/digits.csv" "$out/digits_weights.h" 2> "$out/train.log"
common=(-O2 -std=c11 -I"$root/include" -I"$here" -I"$out")
"$cc" "${common[@]}" -c "$here/infer.c" -o "$out/infer-float.o"
"$cc" "${common[@]}" -fpass-plugin="$build/lib/affq.so" -Rpass=affq -c "$here/infer.c" \
  -o "$out/infer-affq.o" 2> "$out/remarks.txt"
for v in float affq; do
  "$cc" "$out/infer-$v.o" "$build/runtime/libaffq_rt.a" -lm -o "$out/infer-$v"
done
"$out/infer-float" "$out/digits.csv" > "$out/float.txt"
"$out/infer-affq" "$out/digits.csv" > "$out/affq.txt"

rodata() { llvm-size-19 -A "$1" | awk '$1 == ".rodata" {print $2}'; }
echo "digits: a 64-32-10 MLP trained in float ($(tail -1 "$out/train.log" | sed 's/^train: //'))"
echo "test split: $(sed 's/.* of \([0-9]*\) held-out digits.*/\1/' "$out/float.txt") held-out digits, never seen in training"
echo "quantized by affq:"
sed -n 's|^.*remark: \(.*\) \[-Rpass=affq\]$|  \1|p' "$out/remarks.txt"
awk -v fr="$(rodata "$out/infer-float.o")" -v qr="$(rodata "$out/infer-affq.o")" '
  FNR == 1 { acc[FILENAME ~ /affq/] = $2; us[FILENAME ~ /affq/] = $(NF - 3) }
  END {
    printf "%-14s %10s %16s %16s\n", "", "accuracy", ".rodata bytes", "us per pass"
    printf "%-14s %9.2f%% %16d %16.1f\n", "float", acc[0], fr, us[0]
    printf "%-14s %9.2f%% %16d %16.1f\n", "affq (INT8)", acc[1], qr, us[1]
    d = acc[0] - acc[1]; if (d < 0) d = -d
    printf "%-14s %7.2f pp %15.2fx %15.2fx\n", "float / affq", acc[0] - acc[1], fr / qr, us[0] / us[1]
    printf "quantized accuracy within 1 percentage point of float: %s\n", d <= 1.0 ? "yes" : "NO"
  }' "$out/float.txt" "$out/affq.txt"
