#!/bin/sh
# fake-csmith.sh --seed S -o FILE: a stand-in for csmith, for
# csmith-noop-skips.test.  It fails, as csmith can, for the first
# $FAKE_CSMITH_FAILS programs of a run (csmith_noop.py gives program k the
# seed SEED * 100003 + k), and otherwise writes a small program that prints
# a checksum, as csmith's programs do.
seed=$2 out=$4
if [ $((seed % 100003)) -lt "${FAKE_CSMITH_FAILS:-0}" ]; then
  echo "fake csmith: failing for seed $seed" >&2
  exit 1
fi
printf '#include <stdio.h>\nint main(void) { printf("checksum = %%d\\n", %d); return 0; }\n' "$seed" > "$out"
