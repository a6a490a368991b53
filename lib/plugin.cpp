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

#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/Cloning.h"
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

#include "affq_internal.h"

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

// Diagnostics at a file:line that has no debug location: a bare uniqued
// DISubprogram carries the file and line (it is never attached to the
// module), so clang maps it back to the source and prints "file:line:1:".
extern "C" void affq_report(LLVMModuleRef MRef, LLVMValueRef FnRef, affq_report_kind Kind,
                            const char *File, unsigned Line, const char *Name, const char *Msg) {
  Module &M = *unwrap(MRef);
  LLVMContext &Ctx = M.getContext();
  Function *F = FnRef ? dyn_cast<Function>(unwrap(FnRef)) : nullptr;
  for (Function &G : M)
    if (!F && !G.isDeclaration())
      F = &G;
  if (!F) { // no function to hang it on: say where in the text
    if (Kind == AFFQ_DIAG_ERROR || Kind == AFFQ_DIAG_WARNING)
      Ctx.diagnose(DiagnosticInfoInlineAsm(Twine(File) + ":" + Twine(Line) + ": " + Msg,
                                           Kind == AFFQ_DIAG_ERROR ? DS_Error : DS_Warning));
    return;
  }
  DIBuilder DIB(M, /*AllowUnresolved=*/false);
  DIFile *DF = DIB.createFile(File, "");
  DISubprogram *SP = DIB.createFunction(DF, "affq", "", DF, Line, nullptr, Line);
  DiagnosticLocation Loc(SP);
  const BasicBlock *Region = &F->getEntryBlock();
  switch (Kind) {
  case AFFQ_DIAG_ERROR:
  case AFFQ_DIAG_WARNING:
    Ctx.diagnose(DiagnosticInfoUnsupported(*F, Msg, Loc,
                                           Kind == AFFQ_DIAG_ERROR ? DS_Error : DS_Warning));
    break;
  case AFFQ_REMARK_PASSED:
    Ctx.diagnose(OptimizationRemark("affq", Name, Loc, Region) << Msg);
    break;
  case AFFQ_REMARK_MISSED:
    Ctx.diagnose(OptimizationRemarkMissed("affq", Name, Loc, Region) << Msg);
    break;
  case AFFQ_REMARK_ANALYSIS:
    Ctx.diagnose(OptimizationRemarkAnalysis("affq", Name, Loc, Region) << Msg);
    break;
  }
}

// GEPs are retyped in place (float -> i8 element types), so every pointer
// derived from them keeps its identity; the C API has no setter for this.
extern "C" void affq_set_gep_source_type(LLVMValueRef GEP, LLVMTypeRef Ty) {
  auto *G = cast<GetElementPtrInst>(unwrap(GEP));
  G->setSourceElementType(unwrap(Ty));
  G->setResultElementType(GetElementPtrInst::getIndexedType(
      unwrap(Ty), SmallVector<Value *, 4>(G->idx_begin(), G->idx_end())));
}

// A constant expression as an instruction before InsertBefore (the C API's
// builder would fold it straight back into a constant).
extern "C" LLVMValueRef affq_constant_as_instruction(LLVMValueRef CE, LLVMValueRef InsertBefore) {
  Instruction *I = cast<ConstantExpr>(unwrap(CE))->getAsInstruction();
  I->insertBefore(cast<Instruction>(unwrap(InsertBefore)));
  return wrap(I);
}

// An internal copy of F named F<suffix>, for callees specialized to codes.
// (LLVM-C has no function cloning.)
extern "C" LLVMValueRef affq_clone_function(LLVMValueRef FRef, const char *Suffix) {
  Function *F = cast<Function>(unwrap(FRef));
  ValueToValueMapTy VMap;
  Function *C = CloneFunction(F, VMap);
  C->setName(F->getName() + Suffix);
  C->setLinkage(GlobalValue::InternalLinkage);
  C->setComdat(nullptr);
  C->setDSOLocal(true);
  return wrap(C);
}

// The one symbol the plugin exports; everything else is hidden.
extern "C" __attribute__((visibility("default"))) ::llvm::PassPluginLibraryInfo LLVM_ATTRIBUTE_WEAK
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "affq", AFFQ_VERSION_STRING, affq::registerCallbacks};
}
