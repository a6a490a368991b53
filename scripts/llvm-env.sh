# Sourced by build.sh, test.sh and demo.sh: which LLVM to use and where its
# build goes.  AFFQ_LLVM=N (19 unless set; 19 to 22 are supported) picks
# Debian's /usr/lib/llvm-N; the build goes to build/ for 19 and to
# build-llvmN/ for another version, or to $AFFQ_BUILD_DIR.
llvm_version=${AFFQ_LLVM:-}
# a build directory named without a version: the LLVM it was configured with
if [ -z "$llvm_version" ] && [ -n "${AFFQ_BUILD_DIR:-}" ] && [ -f "$AFFQ_BUILD_DIR/CMakeCache.txt" ]; then
  llvm_version=$(sed -n 's|^LLVM_DIR:[A-Z]*=/usr/lib/llvm-\([0-9]*\)/.*|\1|p' "$AFFQ_BUILD_DIR/CMakeCache.txt")
fi
llvm_version=${llvm_version:-19}
if [ "$llvm_version" = 19 ]; then
  build=${AFFQ_BUILD_DIR:-$root/build}
else
  build=${AFFQ_BUILD_DIR:-$root/build-llvm$llvm_version}
fi
llvm_root=/usr/lib/llvm-$llvm_version
clang=clang-$llvm_version
# lit: LLVM 19 ships it as build/utils/lit/lit.py, LLVM 22 as bin/lit
if [ -f "$llvm_root/build/utils/lit/lit.py" ]; then
  lit=(python3 "$llvm_root/build/utils/lit/lit.py")
else
  lit=("$llvm_root/bin/lit")
fi
