//===- plugin.cpp - the thin C++ shim that plugs affq into LLVM -----------===//
//
// Everything affq does is C against the LLVM-C API (pass.c and friends).
// This file holds only what the C API lacks:
//   - registration with the new pass manager (opt -passes=affq<...>, and
//     clang -fpass-plugin at the start of every -O level pipeline);
//   - turning affq<params> into a call of the C parser, and printPipeline.
//
// Porting notes: LLVM 22 moved PassPlugin.h to llvm/Plugins/.  LLVM 20 added
// a ThinOrFullLTOPhase argument to some extension-point callbacks; the
// PipelineStart callback used here kept its (MPM, Level) signature.
//===----------------------------------------------------------------------===//

#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"
#if __has_include("llvm/Plugins/PassPlugin.h")
#include "llvm/Plugins/PassPlugin.h"
#else
#include "llvm/Passes/PassPlugin.h"
#endif

#include <cstdlib>
#include <string>

#include "affq_pass.h"

using namespace llvm;

namespace affq {

struct AffqPass : PassInfoMixin<AffqPass> {
  affq_options Opts;

  explicit AffqPass(const affq_options &O) : Opts(O) {}

  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    return affq_run_module(wrap(&M), &Opts) ? PreservedAnalyses::none()
                                            : PreservedAnalyses::all();
  }

  void printPipeline(raw_ostream &OS, function_ref<StringRef(StringRef)>) {
    char Buf[256];
    affq_options_format(&Opts, Buf, sizeof Buf);
    OS << "affq";
    if (*Buf)
      OS << '<' << Buf << '>';
  }

  // Required: at -O0 every function is optnone, and the pass must still run,
  // or an annotated array would silently stay float at one -O level only.
  static bool isRequired() { return true; }
};

// Parse option text; a bad option is a user error, reported once and fatal
// (no crash dump), since compiling on with other settings would be wrong.
affq_options parseOrDie(const char *Text, const char *Where) {
  affq_options O;
  affq_options_init(&O);
  char Err[256];
  if (affq_options_parse(&O, Text, Err, sizeof Err))
    report_fatal_error(Twine("affq: invalid ") + Where + ": " + Err, /*gen_crash_diag=*/false);
  return O;
}

void registerCallbacks(PassBuilder &PB) {
  // opt -passes=affq or -passes='affq<bits=4;scheme=symmetric>'
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (!PassBuilder::checkParametrizedPassName(Name, "affq"))
          return false;
        std::string Params = Name.drop_front(4).str();
        if (!Params.empty())
          Params = Params.substr(1, Params.size() - 2); // strip < >
        MPM.addPass(AffqPass(parseOrDie(Params.c_str(), "pass parameter")));
        return true;
      });
  // clang -fpass-plugin: first thing in the pipeline, at every -O level.
  PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel) {
    const char *Env = std::getenv("AFFQ_OPTIONS");
    MPM.addPass(AffqPass(parseOrDie(Env ? Env : "", "AFFQ_OPTIONS")));
  });
}

} // namespace affq

// The one symbol the plugin exports; everything else is hidden.
extern "C" __attribute__((visibility("default"))) ::llvm::PassPluginLibraryInfo LLVM_ATTRIBUTE_WEAK
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "affq", AFFQ_VERSION_STRING, affq::registerCallbacks};
}
