#!/usr/bin/env bash
# distcc-run.sh DIR AFFQ_CC SRC: compile SRC with CC="distcc AFFQ_CC" on a
# distccd server started on a free localhost port (the recipe in README:
# "Toolchains and build systems"), and locally, into DIR/remote.o and
# DIR/local.o; print the server's log lines about the job.  DISTCC_FALLBACK=0:
# a failed remote compile is an error, never a quiet local compile.
set -euo pipefail
dir=$1 cc=$2 src=$3
chmod 777 "$dir" # the server runs as nobody
mkdir -p "$dir/distcc"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# (from / with TMPDIR=/tmp: lit's own temporary directory is not nobody's)
(cd / && TMPDIR=/tmp distccd --daemon --allow 127.0.0.1 --listen 127.0.0.1 --port "$port" --enable-tcp-insecure \
  --user nobody --jobs 2 --log-file "$dir/distccd.log" --log-level info --pid-file "$dir/distccd.pid")
trap 'kill "$(cat "$dir/distccd.pid" 2>/dev/null)" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$dir/distccd.pid" ] && break; sleep 0.1; done
shift 3
DISTCC_HOSTS="127.0.0.1:$port/2" DISTCC_FALLBACK=0 DISTCC_DIR="$dir/distcc" \
  distcc "$cc" "$@" -c "$src" -o "$dir/remote.o"
"$cc" "$@" -c "$src" -o "$dir/local.o"
grep -o "COMPILE_OK.*" "$dir/distccd.log" | head -n 1
