# lit configuration of affq's test suite.
#
# Substitutions:
#   %clang          clang of the LLVM affq was built against
#   %opt            opt of that LLVM
#   %affq_plugin    the pass plugin, affq.so
#   %cc             %clang for test programs: C11, -O2, -ffp-contract=off, with
#                   include/ and runtime/ on the include path
#   %affq_rt        link arguments for the static runtime (and libm)
#   %affq-quant     tools/affq-quant
#   %affq-profdata  tools/affq-profdata
# FileCheck and not come from the LLVM tools directory, put first on PATH.
import os
import platform
import shutil

import lit.formats

config.name = "affq"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".ll", ".c", ".test"]
config.excludes = ["Inputs", "golden", "corpus"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.affq_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.affq_tools_dir, config.environment.get("PATH", "")])
# Tests must not inherit affq settings from the developer's shell.
for var in list(os.environ):
    if var.startswith("AFFQ_"):
        config.environment.pop(var, None)

clang = os.path.join(config.llvm_tools_dir, "clang")
opt = os.path.join(config.llvm_tools_dir, "opt")
inc = "-I%s -I%s" % (os.path.join(config.affq_src_root, "include"),
                     os.path.join(config.affq_src_root, "runtime"))

config.substitutions.append(("%affq_plugin", config.affq_plugin))
config.substitutions.append(("%affq_rt_lib", config.affq_rt_static))
config.substitutions.append(("%affq_rt", config.affq_rt_static + " -lm"))
config.substitutions.append(("%affq-quant", os.path.join(config.affq_tools_dir, "affq-quant")))
config.substitutions.append(("%affq_obj_root", config.affq_obj_root))
config.substitutions.append(("%affq-cc", os.path.join(config.affq_tools_dir, "affq-cc")))
config.substitutions.append(("%affq-report", "python3 " + os.path.join(config.affq_tools_dir, "affq-report")))
if shutil.which("chromium"):
    config.available_features.add("chromium")
config.substitutions.append(("%affq-profdata", os.path.join(config.affq_tools_dir, "affq-profdata")))
# "%pass_unit": compiler flags to build one of lib/'s C files into a test driver
config.substitutions.append(("%pass_unit", "-I%s -I%s -I%s -I%s" % (
    os.path.join(config.affq_src_root, "lib"), os.path.join(config.affq_src_root, "include"),
    os.path.join(config.affq_src_root, "runtime"), config.llvm_include_dir)))
config.substitutions.append(("%cc", "%s -std=c11 -O2 -Wall -Wextra -Werror -ffp-contract=off %s"
                             % (clang, inc)))
config.substitutions.append(("%clang_bin", clang))
config.substitutions.append(("%clang", "%s %s" % (clang, inc)))
config.substitutions.append(("%opt", opt))
config.substitutions.append(("%llvm_major", str(config.llvm_version_major)))
config.substitutions.append(("%llvm_cmake_dir", config.llvm_cmake_dir))
# "%e2e %s %t [flags]": test/pass/Inputs/e2e.sh with this build's tools
config.substitutions.append(("%e2e", "bash %s %s %s %s %s" % (
    os.path.join(config.affq_src_root, "test", "pass", "Inputs", "e2e.sh"), clang,
    config.affq_plugin, config.affq_rt_static, os.path.join(config.affq_src_root, "include"))))

# CPU features of this machine, for tests of paths it may lack.
try:
    with open("/proc/cpuinfo") as f:
        flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
except OSError:
    flags = []
for flag in ("avx2", "avx512bw", "avx512_vnni"):
    if flag in flags:
        config.available_features.add("cpu-" + flag)

# The x86 kernel paths this CPU has, worst to best, from the same CPUID bits
# runtime/dispatch.c tests (/proc/cpuinfo lists only what the OS enabled),
# for the tests that run every path the machine has (isa-env-x86.c,
# sanitizers.test, fuzz.test) on any x86-64, AVX-512 or not:
#   %isa_paths    the paths to test ("scalar sse4 avx2 ...")
#   %isa_best     the best path, which AFFQ_ISA=auto picks
#   %isa_lacking  the paths AFFQ_ISA must refuse here
# `lit --param isa_paths="scalar sse4 avx2"` tests fewer paths, to check the
# tests as on a CPU without the others; it must be a subset with scalar.
X86_PATHS = [("scalar", []), ("sse4", ["sse4_1"]), ("avx2", ["avx2"]),
             ("avx2vnni", ["avx2", "avx_vnni"]), ("avx512", ["avx512f", "avx512bw", "avx512vl"]),
             ("avx512vnni", ["avx512f", "avx512bw", "avx512vl", "avx512_vnni"])]
if platform.machine() == "x86_64":
    config.available_features.add("x86_64")
    cpu_paths = [p for p, need in X86_PATHS if all(f in flags for f in need)]
    asked = lit_config.params.get("isa_paths", " ".join(cpu_paths)).replace(",", " ").split()
    if "scalar" not in asked or not set(asked) <= set(cpu_paths):
        lit_config.fatal("isa_paths=%s: give scalar and paths this CPU has (%s)"
                         % (" ".join(asked), " ".join(cpu_paths)))
    config.substitutions.append(("%isa_paths", " ".join(p for p in cpu_paths if p in asked)))
    config.substitutions.append(("%isa_best", cpu_paths[-1]))
    config.substitutions.append(("%isa_lacking", " ".join(
        [p for p, _ in X86_PATHS if p not in cpu_paths] + ["neon", "neondot"])))

if shutil.which("cppcheck"):
    config.available_features.add("cppcheck")
for tool in ("ccache", "distcc", "distccd"):
    if shutil.which(tool):
        config.available_features.add(tool)
if shutil.which("csmith") and os.path.isfile("/usr/include/csmith/csmith.h"):
    config.available_features.add("csmith")

# AArch64: the runtime cross-built with clang and run under qemu-user
# (scripts/setup.sh installs the cross libc, gcc and qemu).
a64_root = "/usr/aarch64-linux-gnu"
if os.path.isdir(a64_root) and shutil.which("qemu-aarch64"):
    config.available_features.add("aarch64-cross")
    config.substitutions.append(("%aarch64_cc", "%s --target=aarch64-linux-gnu -fuse-ld=lld -std=c11 -O2 "
                                 "-Wall -Wextra -Werror -ffp-contract=off %s" % (clang, inc)))
    config.substitutions.append(("%aarch64_run", "qemu-aarch64 -L %s -cpu max" % a64_root))
config.substitutions.append(("%runtime_sources", " ".join(
    os.path.join(config.affq_src_root, "runtime", f) for f in
    ["qparams.c", "metrics.c", "api.c", "dispatch.c", "kernels_scalar.c", "kernels_neon.c",
     "kernels_neondot.c"])))
