#!/usr/bin/env bash
# Install what affq needs to build and test, when it is missing:
# Debian's LLVM toolchain, version $AFFQ_LLVM (19 unless set; 19 to 22 are
# supported).  As root it runs apt-get itself; otherwise it prints the exact
# command to run and fails.
set -euo pipefail

# The AArch64 cross libc, cross gcc (crt files, libgcc) and qemu-user let the
# suite build the NEON paths and run them under emulation; csmith generates
# the no-op differential test's programs; cppcheck is the static check; gcc
# builds the annotated sources without affq; pkgconf checks the install;
# headless chromium renders the HTML report in its test; ccache and distcc
# are tested with affq-cc.
v=${AFFQ_LLVM:-19}
PACKAGES=(clang-$v llvm-$v-dev llvm-$v-tools lld-$v libclang-rt-$v-dev cmake ninja-build python3
          libc6-dev-arm64-cross gcc-aarch64-linux-gnu qemu-user
          csmith libcsmith-dev cppcheck gcc pkgconf chromium ccache distcc)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "affq: missing packages: ${missing[*]}" >&2
  echo "affq: run as root:  $cmd" >&2
  exit 1
fi
echo "affq: installing ${missing[*]}" >&2
apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
