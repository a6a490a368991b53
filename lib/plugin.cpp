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

#include "llvm/IR/LLVMContext.h"
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
  // Set when the options could not be parsed and the error can only be
  // reported once a module (and so an LLVMContext) is at hand: under clang,
  // where report_fatal_error would look like a compiler crash.
  std::string OptionsError;

  explicit AffqPass(const affq_options &O, std::string Err = "")
      : Opts(O), OptionsError(std::move(Err)) {}

  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    if (!OptionsError.empty()) {
      M.getContext().emitError(OptionsError);
      return PreservedAnalyses::all();
    }
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

// Parse option text; on failure, Err says why in one line.
affq_options parseOptions(const char *Text, const char *Where, std::string &Err) {
  affq_options O;
  affq_options_init(&O);
  char Msg[256];
  if (affq_options_parse(&O, Text, Msg, sizeof Msg))
    Err = std::string("affq: invalid ") + Where + ": " + Msg;
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
        std::string Err;
        affq_options O = parseOptions(Params.c_str(), "pass parameter", Err);
        // opt has no module yet; a bad pipeline is a usage error, reported
        // once without a crash dump.
        if (!Err.empty())
          report_fatal_error(Twine(Err), /*gen_crash_diag=*/false);
        MPM.addPass(AffqPass(O));
        return true;
      });
  // clang -fpass-plugin: first thing in the pipeline, at every -O level.
  PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel) {
    const char *Env = std::getenv("AFFQ_OPTIONS");
    std::string Err;
    affq_options O = parseOptions(Env ? Env : "", "AFFQ_OPTIONS", Err);
    MPM.addPass(AffqPass(O, Err));
  });
}

} // namespace affq

// The one symbol the plugin exports; everything else is hidden.
extern "C" __attribute__((visibility("default"))) ::llvm::PassPluginLibraryInfo LLVM_ATTRIBUTE_WEAK
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "affq", AFFQ_VERSION_STRING, affq::registerCallbacks};
}
