#!/usr/bin/env bash
# README's test command: install what is missing, build, run the whole lit
# suite, and end with one line "N passed, N failed, N skipped".
# AFFQ_LLVM=22 scripts/test.sh does the same against LLVM 22 (build-llvm22/).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/llvm-env.sh"
"$root/scripts/build.sh" || { echo "0 passed, 1 failed"; exit 1; }

log=$(mktemp)
echo "affq: the lit suite against LLVM $llvm_version ($build)"
"${lit[@]}" -v "$build/test" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# lit's summary lines look like "  Passed           : 12" (or "Passed: 12").
count() { sed -nE "s/^ *$1 *: *([0-9]+).*/\1/p" "$log" | tail -n 1; }
passed=$(( $(count Passed || true) + $(count 'Expectedly Failed' || true) + 0 ))
failed=$(( $(count Failed || true) + $(count 'Unexpectedly Passed' || true) + $(count Unresolved || true) + $(count 'Timed Out' || true) + 0 ))
skipped=$(( $(count Unsupported || true) + 0 ))
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
