//===- plugin.cpp - the thin C++ shim that plugs affq into LLVM -----------===//
//
// Everything affq does is C against the LLVM-C API (pass.c and friends).
// This file holds only what the C API lacks:
//   - registration with the new pass manager (opt -passes=affq<...>, and
//     clang -fpass-plugin at the start of every -O level pipeline, with the
//     report's writer at its end);
//   - turning affq<params> into a call of the C parser, and printPipeline;
//   - loop structure and scalar evolution for the loop stage (loops.c,
//     products.c): queries and edits, each a C function; what to do with
//     the answers is decided in C.
//
// Porting notes (one source for LLVM 19 to 22):
//   - LLVM 22 moved PassPlugin.h to llvm/Plugins/ (LLVM_PLUGIN_API_VERSION 2:
//     the info struct gained a defaulted PreCodeGenCallback);
//   - SCEVExpander lost its DataLayout argument: newExpander picks the
//     constructor that exists;
//   - Instruction::insertBefore(Instruction *) is deprecated: insertInto;
//   - DiagnosticInfoInlineAsm lost its message-only constructor: LocCookie 0;
//   - LLVM 20 added a ThinOrFullLTOPhase argument to some extension-point
//     callbacks: the PipelineStart callback kept (MPM, Level), the
//     OptimizerLast one (the report's writer) takes it from LLVM 20 on.
//===----------------------------------------------------------------------===//

#include "llvm/Config/llvm-config.h"
#include "llvm/Analysis/AliasAnalysis.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Scalar/LoopPassManager.h"
#include "llvm/Transforms/Scalar/LoopUnrollPass.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/LoopUtils.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"
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

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <type_traits>

#include "affq_internal.h"
#include "metadata.h"

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
    char Buf[1024];
    affq_options_format(&Opts, Buf, sizeof Buf);
    OS << "affq";
    if (*Buf)
      OS << '<' << Buf << '>';
  }

  // Required: at -O0 every function is optnone, and the pass must still run,
  // or an annotated array would silently stay float at one -O level only.
  static bool isRequired() { return true; }
};

// The loop stage: marked loops, after the simplification pipeline has put
// them in canonical form (mem2reg, loop-simplify, rotation, LCSSA), before
// the loop vectorizer.
struct AffqLoopsPass : PassInfoMixin<AffqLoopsPass> {
  int OptLevel = 2;
  explicit AffqLoopsPass(int Level = 2) : OptLevel(Level) {}
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &FAM);
};

// The report's writer, at the end of the pipeline (OptimizerLast, which
// clang's pipelines run at every -O level, -O0 included): stage 1 left the
// report in the module, and the loop stage's decisions were added to it
// (report.c).  Required, as AffqPass is.
struct AffqReportPass : PassInfoMixin<AffqReportPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    affq_report_finish(wrap(&M)); // drops the report's named metadata only
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

// After the vectorizer: the loops still dequantizing element by element
// (scalar_dequant.c).  Only when the module has quantized arrays.
struct AffqScalarDequantPass : PassInfoMixin<AffqScalarDequantPass> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &FAM);
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
  // opt -passes='function(affq-loops)'
  PB.registerPipelineParsingCallback(
      [](StringRef Name, FunctionPassManager &FPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "affq-loops")
          return false;
        FPM.addPass(AffqLoopsPass());
        return true;
      });
  // clang -fpass-plugin: first thing in the pipeline, at every -O level.
  PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel Level) {
    const char *Env = std::getenv("AFFQ_OPTIONS");
    std::string Err;
    affq_options O = parseOptions(Env ? Env : "", "AFFQ_OPTIONS", Err);
    O.at_O0 = Level == OptimizationLevel::O0;
    // profile-guided ranges, the way clang's PGO is driven: build instrumented,
    // run, merge (tools/affq-profdata), rebuild with the profile
    if (const char *G = std::getenv("AFFQ_PROFILE_GENERATE"); G && *G && std::string(G) != "0")
      O.profile_generate = 1;
    if (const char *U = std::getenv("AFFQ_PROFILE_USE"); U && *U)
      std::snprintf(O.profile_use, sizeof O.profile_use, "%s", U);
    if (const char *C = std::getenv("AFFQ_CHECK"); C && *C && std::string(C) != "0")
      O.check = 1;
    if (const char *R = std::getenv("AFFQ_REPORT"); R && *R)
      std::snprintf(O.report, sizeof O.report, "%s", R);
    O.report_later = 1; // by AffqReportPass, below
    MPM.addPass(AffqPass(O, Err));
  });
  // ... the report written at the end, once the loops are decided too.
#if LLVM_VERSION_MAJOR >= 20
  PB.registerOptimizerLastEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel Level, ThinOrFullLTOPhase) {
        if (Level != OptimizationLevel::O0)
          MPM.addPass(createModuleToFunctionPassAdaptor(AffqScalarDequantPass()));
        MPM.addPass(AffqReportPass());
      });
#else
  PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM, OptimizationLevel Level) {
    if (Level != OptimizationLevel::O0)
      MPM.addPass(createModuleToFunctionPassAdaptor(AffqScalarDequantPass()));
    MPM.addPass(AffqReportPass());
  });
#endif
  // ... and the loop stage just before the vectorizer (not run at -O0).
  PB.registerVectorizerStartEPCallback(
      [](FunctionPassManager &FPM, OptimizationLevel Level) {
        FPM.addPass(AffqLoopsPass((int)Level.getSpeedupLevel()));
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
  // a clone affq made is reported as the user's function it copies
  if (size_t At = F ? F->getName().find(".affq") : StringRef::npos; At != StringRef::npos)
    if (Function *Orig = M.getFunction(F->getName().substr(0, At)); Orig && !Orig->isDeclaration())
      F = Orig;
  if (F && Name && *Name) // a marked loop's fate goes to the report too
    affq_report_loop(MRef, F->getName().str().c_str(), File, Line, Name, Msg);
  for (Function &G : M)
    if (!F && !G.isDeclaration())
      F = &G;
  if (!F || !Line) { // no function to hang it on, or no line: the message says where
    if (Kind == AFFQ_DIAG_ERROR || Kind == AFFQ_DIAG_WARNING)
      Ctx.diagnose(DiagnosticInfoInlineAsm(
          /*LocCookie=*/0, Line ? Twine(File) + ":" + Twine(Line) + ": " + Msg : Twine(Msg),
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

// LLVM-C can add named metadata but not remove it (the report's, report.c).
extern "C" void affq_erase_named_metadata(LLVMModuleRef M, const char *Name) {
  if (NamedMDNode *N = unwrap(M)->getNamedMetadata(Name))
    unwrap(M)->eraseNamedMetadata(N);
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
  auto *Before = cast<Instruction>(unwrap(InsertBefore));
  I->insertInto(Before->getParent(), Before->getIterator());
  return wrap(I);
}

// An internal copy of F named F<suffix>, for callees specialized to codes.
// (LLVM-C has no function cloning.)
// Which allocation function a call makes, as LLVM's TargetLibraryInfo
// recognizes library functions (by name and prototype, for the module's
// target).
extern "C" int affq_allocation_kind(LLVMValueRef V) {
  auto *CB = dyn_cast<CallBase>(unwrap(V));
  Function *F = CB ? CB->getCalledFunction() : nullptr;
  if (!F)
    return AFFQ_ALLOC_NONE;
  // (TargetLibraryInfo has no mmap: POSIX's, by name and arity)
  if ((F->getName() == "mmap" || F->getName() == "mmap64") && F->arg_size() == 6 &&
      F->getReturnType()->isPointerTy())
    return AFFQ_ALLOC_MMAP;
  TargetLibraryInfoImpl Impl{Triple(F->getParent()->getTargetTriple())};
  TargetLibraryInfo TLI(Impl);
  LibFunc LF;
  if (!TLI.getLibFunc(*F, LF) || !TLI.has(LF))
    return AFFQ_ALLOC_NONE;
  switch (LF) {
  case LibFunc_malloc:
    return AFFQ_ALLOC_MALLOC;
  case LibFunc_calloc:
    return AFFQ_ALLOC_CALLOC;
  case LibFunc_aligned_alloc:
    return AFFQ_ALLOC_ALIGNED;
  default:
    return AFFQ_ALLOC_NONE;
  }
}

// One more entry in @llvm.global_ctors: LLVM's own utility.
extern "C" void affq_add_global_ctor(LLVMModuleRef M, LLVMValueRef Fn, int Priority) {
  appendToGlobalCtors(*unwrap(M), cast<Function>(unwrap(Fn)), Priority);
}

// One more entry in @llvm.used (kept by the compiler, and by the linker's
// section garbage collection): LLVM's own utility.
extern "C" void affq_append_used(LLVMModuleRef M, LLVMValueRef G) {
  appendToUsed(*unwrap(M), {cast<GlobalValue>(unwrap(G))});
}

// Delete global G once only dead constants (left by rebuilt lists such as
// llvm.global.annotations) still use it.  1 if it went.
extern "C" int affq_delete_unused_global(LLVMValueRef G) {
  auto *GV = cast<GlobalVariable>(unwrap(G));
  GV->removeDeadConstantUsers();
  if (!GV->use_empty())
    return 0;
  GV->eraseFromParent();
  return 1;
}

extern "C" const char *affq_constant_fp_data(LLVMValueRef C, unsigned ElemSize, size_t *Bytes) {
  auto *CDS = dyn_cast<ConstantDataSequential>(unwrap(C));
  if (!CDS || !(ElemSize == 8 ? CDS->getElementType()->isDoubleTy()
                              : CDS->getElementType()->isFloatTy()))
    return nullptr;
  StringRef Raw = CDS->getRawDataValues();
  *Bytes = Raw.size();
  return Raw.data();
}

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

// A SCEVExpander: LLVM 19 takes the DataLayout, LLVM 22 takes it from SE.
template <class Expander>
static std::unique_ptr<Expander> newExpander(ScalarEvolution &SE, const DataLayout &DL) {
  if constexpr (std::is_constructible_v<Expander, ScalarEvolution &, const DataLayout &,
                                        const char *>)
    return std::make_unique<Expander>(SE, DL, "affq");
  else
    return std::make_unique<Expander>(SE, "affq");
}

// ---- loops: structure and scalar evolution, for loops.c and products.c ----
//
// A loop is named by its header block.  Pass 1 (at the pipeline start) only
// needs structure, computed here from a local dominator tree; pass 2 uses
// the function's cached analyses, and keeps them valid through its edits
// (new instructions in preheaders; deleteDeadLoop updates DT, LI and SE).

struct affq_loopctx {
  Function *F;
  std::unique_ptr<DominatorTree> OwnDT;
  std::unique_ptr<LoopInfo> OwnLI;
  DominatorTree *DT = nullptr;
  LoopInfo *LI = nullptr;
  ScalarEvolution *SE = nullptr;
  AAResults *AA = nullptr; // pass 2: LLVM's alias analysis (BasicAA, scoped noalias, TBAA, ...)
  bool Changed = false; // the CFG was edited (a preheader made)
  bool Reoffer = false; // a loop left inline lost the unroll.disable its mark came with
};

static Loop *loopOf(affq_loopctx *C, LLVMBasicBlockRef Header) {
  BasicBlock *BB = unwrap(Header);
  Loop *L = C->LI->getLoopFor(BB);
  return L && L->getHeader() == BB ? L : nullptr;
}
static LLVMBasicBlockRef headerOf(Loop *L) { return L ? wrap(L->getHeader()) : nullptr; }

extern "C" affq_loopctx *affq_loops_local(LLVMValueRef Fn) {
  auto *C = new affq_loopctx;
  C->F = cast<Function>(unwrap(Fn));
  C->OwnDT = std::make_unique<DominatorTree>(*C->F);
  C->OwnLI = std::make_unique<LoopInfo>(*C->OwnDT);
  C->DT = C->OwnDT.get();
  C->LI = C->OwnLI.get();
  return C;
}
extern "C" void affq_loops_free(affq_loopctx *C) { delete C; }

extern "C" size_t affq_loops_list(affq_loopctx *C, LLVMBasicBlockRef *Out, size_t Max) {
  size_t N = 0;
  for (Loop *L : C->LI->getLoopsInPreorder())
    if (N < Max)
      Out[N++] = headerOf(L);
  return N;
}
extern "C" LLVMBasicBlockRef affq_loop_innermost(affq_loopctx *C, LLVMBasicBlockRef BB) {
  return headerOf(C->LI->getLoopFor(unwrap(BB)));
}
extern "C" LLVMBasicBlockRef affq_loop_parent(affq_loopctx *C, LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  return L ? headerOf(L->getParentLoop()) : nullptr;
}
extern "C" int affq_loop_contains(affq_loopctx *C, LLVMBasicBlockRef H, LLVMBasicBlockRef BB) {
  Loop *L = loopOf(C, H);
  return L && L->contains(unwrap(BB));
}
extern "C" size_t affq_loop_subloops(affq_loopctx *C, LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  return L ? L->getSubLoops().size() : 0;
}
// In pass 2, a loop without one gets a preheader (as loop-simplify would
// make it), so there is a place to compute things before the loop.
extern "C" LLVMBasicBlockRef affq_loop_preheader(affq_loopctx *C, LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  BasicBlock *P = L ? L->getLoopPreheader() : nullptr;
  if (L && !P && C->SE) {
    P = InsertPreheaderForLoop(L, C->DT, C->LI, nullptr, /*PreserveLCSSA=*/false);
    C->Changed |= P != nullptr;
  }
  return P ? wrap(P) : nullptr;
}
extern "C" LLVMBasicBlockRef affq_loop_latch(affq_loopctx *C, LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  BasicBlock *B = L ? L->getLoopLatch() : nullptr;
  return B ? wrap(B) : nullptr;
}
// The single exit block of H (NULL if more than one).  In pass 2 it is made
// dedicated (only H branches to it), as loop-simplify would make it: code
// there then runs exactly when H has run.
extern "C" LLVMBasicBlockRef affq_loop_exit(affq_loopctx *C, LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  if (!L || !L->getExitBlock() || !L->getExitingBlock())
    return nullptr;
  if (C->SE && !L->hasDedicatedExits())
    C->Changed |= formDedicatedExitBlocks(L, C->DT, C->LI, nullptr, /*PreserveLCSSA=*/false);
  return wrap(L->getExitBlock());
}

// The mark is one operand of the loop's llvm.loop metadata (its layout:
// metadata.h): it stays with the loop through rotation and the other loop
// passes, which keep the loop ID of the loops they change.
static const char *MarkName = AFFQ_MD_LOOP;
// Marks H and every loop inside it.  Each also gets llvm.loop.unroll.disable
// (unless it has an unroll setting of its own) until the loop stage has seen
// it: a small loop of the nest fully unrolled before then would hide the
// nest's shape.  The stage takes both off again (affq_loop_unmark).
static MDNode *withLoopOperands(Loop *L, ArrayRef<Metadata *> Add, StringRef DropPrefix) {
  LLVMContext &Ctx = L->getHeader()->getContext();
  SmallVector<Metadata *, 4> Ops{nullptr};
  if (MDNode *ID = L->getLoopID())
    for (unsigned I = 1; I < ID->getNumOperands(); I++) {
      auto *Op = dyn_cast<MDNode>(ID->getOperand(I));
      auto *K = Op && Op->getNumOperands() ? dyn_cast<MDString>(Op->getOperand(0)) : nullptr;
      if (!DropPrefix.empty() && K && K->getString() == DropPrefix)
        continue;
      Ops.push_back(ID->getOperand(I));
    }
  Ops.append(Add.begin(), Add.end());
  MDNode *ID = MDNode::getDistinct(Ctx, Ops);
  ID->replaceOperandWith(0, ID);
  return ID;
}

extern "C" void affq_loop_set_mark(affq_loopctx *C, LLVMBasicBlockRef H, const char *Opts,
                                   const char *File, unsigned Line) {
  Loop *Top = loopOf(C, H);
  if (!Top)
    return;
  LLVMContext &Ctx = Top->getHeader()->getContext();
  for (Loop *L : Top->getLoopsInPreorder()) {
    bool Unroll = false;
    if (MDNode *ID = L->getLoopID())
      for (unsigned I = 1; I < ID->getNumOperands(); I++)
        if (auto *Op = dyn_cast<MDNode>(ID->getOperand(I)))
          if (auto *K = Op->getNumOperands() ? dyn_cast<MDString>(Op->getOperand(0)) : nullptr)
            Unroll |= K->getString().starts_with("llvm.loop.unroll.");
    Metadata *Mark[AFFQ_MARK_FIELDS];
    Mark[AFFQ_MARK_NAME] = MDString::get(Ctx, MarkName);
    Mark[AFFQ_MARK_OPTIONS] = MDString::get(Ctx, Opts);
    Mark[AFFQ_MARK_FILE] = MDString::get(Ctx, File);
    Mark[AFFQ_MARK_LINE] = ConstantAsMetadata::get(ConstantInt::get(Type::getInt32Ty(Ctx), Line));
    Mark[AFFQ_MARK_ADDED_UNROLL] =
        ConstantAsMetadata::get(ConstantInt::get(Type::getInt1Ty(Ctx), !Unroll));
    SmallVector<Metadata *, 2> Add{MDNode::get(Ctx, Mark)};
    if (!Unroll)
      Add.push_back(MDNode::get(Ctx, {MDString::get(Ctx, "llvm.loop.unroll.disable")}));
    L->setLoopID(withLoopOperands(L, Add, MarkName));
  }
}

// Take the mark off H, and the unroll.disable that came with it.
extern "C" void affq_loop_unmark(affq_loopctx *C, LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  MDNode *ID = L ? L->getLoopID() : nullptr;
  bool AddedUnroll = false, Marked = false;
  for (unsigned I = 1; ID && I < ID->getNumOperands(); I++)
    if (auto *Op = dyn_cast<MDNode>(ID->getOperand(I)))
      if (auto *K = Op->getNumOperands() == AFFQ_MARK_FIELDS
                        ? dyn_cast<MDString>(Op->getOperand(AFFQ_MARK_NAME))
                        : nullptr)
        if (K->getString() == MarkName) {
          Marked = true;
          AddedUnroll =
              mdconst::extract<ConstantInt>(Op->getOperand(AFFQ_MARK_ADDED_UNROLL))->isOne();
        }
  if (!Marked)
    return;
  // what stays: that the loop was marked (scalar_dequant.c's remark differs)
  MDNode *New = withLoopOperands(
      L, {MDNode::get(L->getHeader()->getContext(), {MDString::get(L->getHeader()->getContext(), "affq.marked")})},
      MarkName);
  L->setLoopID(New);
  if (AddedUnroll) {
    L->setLoopID(withLoopOperands(L, {}, "llvm.loop.unroll.disable"));
    C->Reoffer = true;
  }
}

// The options of the mark on H (NULL: not marked), and where the marker is.
extern "C" const char *affq_loop_mark(affq_loopctx *C, LLVMBasicBlockRef H, const char **File,
                                      unsigned *Line) {
  Loop *L = loopOf(C, H);
  MDNode *ID = L ? L->getLoopID() : nullptr;
  for (unsigned I = 1; ID && I < ID->getNumOperands(); I++) {
    auto *Op = dyn_cast<MDNode>(ID->getOperand(I));
    if (!Op || Op->getNumOperands() != AFFQ_MARK_FIELDS)
      continue;
    auto *K = dyn_cast<MDString>(Op->getOperand(AFFQ_MARK_NAME));
    auto *V = dyn_cast<MDString>(Op->getOperand(AFFQ_MARK_OPTIONS));
    auto *F = dyn_cast<MDString>(Op->getOperand(AFFQ_MARK_FILE));
    auto *N = mdconst::dyn_extract<ConstantInt>(Op->getOperand(AFFQ_MARK_LINE));
    if (K && V && F && N && K->getString() == MarkName) {
      *File = F->getString().data(); // MDStrings are NUL-terminated in their pool
      *Line = (unsigned)N->getZExtValue();
      return V->getString().data();
    }
  }
  return nullptr;
}

// ptr = base + offset + sum step[i] * (iteration of loop[i]), outermost
// loop first, every step a constant; base is loop invariant.
extern "C" int affq_scev_affine(affq_loopctx *C, LLVMValueRef Ptr, affq_affine *Out) {
  if (!C->SE)
    return 0;
  ScalarEvolution &SE = *C->SE;
  const SCEV *S = SE.getSCEV(unwrap(Ptr));
  SmallVector<std::pair<Loop *, int64_t>, 4> Steps;
  while (auto *AR = dyn_cast<SCEVAddRecExpr>(S)) {
    auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
    // A step known only at run time (w[i * n + j] with n a parameter: the
    // rows loop steps n codes): the address is affine in the loops inside
    // that one, from a start that changes in it.  The start keeps the rest.
    if (AR->isAffine() && !Step && !Steps.empty())
      break;
    if (!AR->isAffine() || !Step || Steps.size() == AFFQ_AFFINE_MAX)
      return 0;
    Steps.push_back({const_cast<Loop *>(AR->getLoop()), Step->getAPInt().getSExtValue()});
    S = AR->getStart();
  }
  const SCEV *Base = SE.getPointerBase(S);
  auto *U = dyn_cast<SCEVUnknown>(Base);
  if (!U)
    return 0;
  auto *Off = dyn_cast<SCEVConstant>(SE.getMinusSCEV(S, Base));
  Out->base = wrap(U->getValue());
  Out->offset = Off ? Off->getAPInt().getSExtValue() : 0;
  Out->start = Off ? nullptr : S; // base + a value known only at run time
  Out->n = (int)Steps.size();
  for (int I = 0; I < Out->n; I++) { // outermost first
    Out->loop[I] = headerOf(Steps[Steps.size() - 1 - I].first);
    Out->step[I] = Steps[Steps.size() - 1 - I].second;
  }
  return 1;
}

// base + offset + sum step[i] * iteration(loop[i]), as instructions before
// InsertBefore (which must be inside every loop[i]).
extern "C" LLVMValueRef affq_expand_affine(affq_loopctx *C, const affq_affine *A,
                                           LLVMValueRef InsertBefore) {
  ScalarEvolution &SE = *C->SE;
  Value *Base = unwrap(A->base);
  Type *I64 = Type::getInt64Ty(Base->getContext());
  const SCEV *S = A->start ? static_cast<const SCEV *>(A->start)
                           : SE.getAddExpr(SE.getUnknown(Base), SE.getConstant(I64, A->offset, true));
  for (int I = 0; I < A->n; I++)
    S = SE.getAddRecExpr(S, SE.getConstant(I64, A->step[I], true), loopOf(C, A->loop[I]),
                         SCEV::FlagAnyWrap);
  auto Exp = newExpander<SCEVExpander>(SE, C->F->getParent()->getDataLayout());
  return wrap(Exp->expandCodeFor(S, Base->getType(), cast<Instruction>(unwrap(InsertBefore))));
}

// How many times the body of loop H runs, provided it is invariant in loop
// Outer (H itself, or a loop around it); 0 if SCEV cannot say.  *Constant:
// the count if it is a constant, else 0.  With InsertBefore, *Value gets it
// as an i64 computed there.
extern "C" int affq_loop_trip_count(affq_loopctx *C, LLVMBasicBlockRef H, LLVMBasicBlockRef Outer,
                                    LLVMValueRef InsertBefore, uint64_t *Constant,
                                    LLVMValueRef *Value) {
  *Constant = 0;
  Loop *L = loopOf(C, H), *O = loopOf(C, Outer);
  if (!C->SE || !L || !O || !L->getExitingBlock() || L->getExitingBlock() != L->getLoopLatch())
    return 0;
  ScalarEvolution &SE = *C->SE;
  const SCEV *BTC = SE.getExitCount(L, L->getExitingBlock());
  if (isa<SCEVCouldNotCompute>(BTC) || !BTC->getType()->isIntegerTy() ||
      BTC->getType()->getIntegerBitWidth() > 64)
    return 0;
  Type *I64 = Type::getInt64Ty(C->F->getContext());
  const SCEV *TC = SE.getAddExpr(SE.getZeroExtendExpr(BTC, I64), SE.getOne(I64));
  if (O != L && !SE.isLoopInvariant(TC, O))
    return 0;
  if (auto *K = dyn_cast<SCEVConstant>(TC))
    *Constant = K->getAPInt().getZExtValue();
  if (InsertBefore) {
    auto Exp = newExpander<SCEVExpander>(SE, C->F->getParent()->getDataLayout());
    *Value = wrap(Exp->expandCodeFor(TC, I64, cast<Instruction>(unwrap(InsertBefore))));
  }
  return 1;
}

extern "C" int affq_dominates(affq_loopctx *C, LLVMBasicBlockRef A, LLVMBasicBlockRef B) {
  return A && B && C->DT->dominates(unwrap(A), unwrap(B));
}

// Is the address's start (its value before any of its loops run) the same
// on every iteration of loop H?
extern "C" int affq_affine_invariant_in(affq_loopctx *C, const affq_affine *A,
                                        LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  if (!L || !C->SE)
    return 0;
  const SCEV *S = A->start ? static_cast<const SCEV *>(A->start) : C->SE->getUnknown(unwrap(A->base));
  return C->SE->isLoopInvariant(S, L);
}

// Remove loop H, whose results are no longer used and which writes nothing.
extern "C" void affq_loop_delete(affq_loopctx *C, LLVMBasicBlockRef H) {
  if (Loop *L = loopOf(C, H))
    deleteDeadLoop(L, C->DT, C->SE, C->LI);
}

// A way around loop H: a new block, reached from H's preheader when Cond
// is true (else H runs as before), that branches to H's single exit.  The
// caller fills it and gives the exit's phis their value from it.  The
// dominator tree and loop info stay right (the block belongs to H's parent);
// scalar evolution forgets the loops around, whose bodies changed.
extern "C" LLVMBasicBlockRef affq_loop_bypass(affq_loopctx *C, LLVMBasicBlockRef H,
                                              LLVMValueRef Cond) {
  Loop *L = loopOf(C, H);
  BasicBlock *PH = L ? L->getLoopPreheader() : nullptr, *Exit = L ? L->getExitBlock() : nullptr;
  auto *T = PH ? dyn_cast<BranchInst>(PH->getTerminator()) : nullptr;
  if (!T || T->isConditional() || !Exit)
    return nullptr;
  BasicBlock *B = BasicBlock::Create(PH->getContext(), "affq.kernel", C->F, L->getHeader());
  BranchInst::Create(Exit, B);
  BranchInst::Create(B, L->getHeader(), unwrap(Cond), T->getIterator());
  T->eraseFromParent();
  if (Loop *P = L->getParentLoop())
    P->addBasicBlockToLoop(B, *C->LI);
  C->DT->addNewBlock(B, PH);
  C->DT->changeImmediateDominator(
      Exit, C->DT->findNearestCommonDominator(C->DT->getNode(Exit)->getIDom()->getBlock(), B));
  if (C->SE)
    C->SE->forgetLoop(L->getOutermostLoop());
  C->Changed = true;
  return wrap(B);
}

// May the memory that instructions A and B (loads or stores) reach, at any
// offset from their addresses (they step through arrays in loops), overlap?
// LLVM's alias analysis decides: distinct identified objects (globals,
// allocas, malloc'd blocks, noalias arguments), restrict pointers after
// inlining (scoped noalias metadata), type-based rules.
extern "C" int affq_may_alias(affq_loopctx *C, LLVMValueRef A, LLVMValueRef B) {
  auto *IA = dyn_cast<Instruction>(unwrap(A)), *IB = dyn_cast<Instruction>(unwrap(B));
  const Value *PA = IA ? getLoadStorePointerOperand(IA) : nullptr;
  const Value *PB = IB ? getLoadStorePointerOperand(IB) : nullptr;
  if (!C->AA || !PA || !PB)
    return 1;
  return !C->AA->isNoAlias(MemoryLocation::getBeforeOrAfter(PA, IA->getAAMetadata()),
                           MemoryLocation::getBeforeOrAfter(PB, IB->getAAMetadata()));
}

extern "C" int affq_loop_is_vectorized(affq_loopctx *C, LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  return L && getBooleanLoopAttribute(L, "llvm.loop.isvectorized");
}

extern "C" int affq_loop_was_marked(affq_loopctx *C, LLVMBasicBlockRef H) {
  Loop *L = loopOf(C, H);
  return L && getBooleanLoopAttribute(L, "affq.marked");
}

extern "C" LLVMValueRef affq_underlying_object(LLVMValueRef Ptr) {
  return wrap(getUnderlyingObject(unwrap(Ptr), 0));
}

namespace affq {
PreservedAnalyses AffqLoopsPass::run(Function &F, FunctionAnalysisManager &FAM) {
  if (F.isDeclaration())
    return PreservedAnalyses::all();
  affq_loopctx C;
  C.F = &F;
  C.LI = &FAM.getResult<LoopAnalysis>(F);
  const char *File;
  unsigned Line;
  Function *Record = F.getParent()->getFunction("affq_prof_value"); // instrumented builds
  if ((!Record || Record->use_empty()) && llvm::none_of(C.LI->getLoopsInPreorder(), [&](Loop *L) {
        return affq_loop_mark(&C, wrap(L->getHeader()), &File, &Line) != nullptr;
      }))
    return PreservedAnalyses::all(); // nothing to do: not even an analysis is asked for
  C.DT = &FAM.getResult<DominatorTreeAnalysis>(F);
  C.SE = &FAM.getResult<ScalarEvolutionAnalysis>(F);
  C.AA = &FAM.getResult<AAManager>(F);
  bool Changed = affq_run_loops(wrap(&F), &C);
  if (C.Reoffer) {
    // A marked loop the stage left inline was held back from full unrolling
    // (so that its shape could be seen here); offer it to the unroller now,
    // as the pipeline would have: an 18-tap filter's inner loop, unrolled,
    // lets the vectorizer run across the outer loop as it does for float.
    FAM.invalidate(F, PreservedAnalyses::none());
    createFunctionToLoopPassAdaptor(LoopFullUnrollPass(OptLevel)).run(F, FAM);
    return PreservedAnalyses::none();
  }
  return Changed || C.Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
PreservedAnalyses AffqScalarDequantPass::run(Function &F, FunctionAnalysisManager &FAM) {
  if (F.isDeclaration())
    return PreservedAnalyses::all();
  // At the end of the pipeline LoopInfo is seldom cached: computing it for
  // every function cost 1.25% of a -O2 compile with no annotation at all
  // (400 small functions, bench/compile/run.sh).  A scan for a dequantization
  // is a fraction of that.
  unsigned DQ = F.getContext().getMDKindID(AFFQ_MD_DQ);
  if (llvm::none_of(instructions(F), [&](Instruction &I) { return I.getMetadata(DQ); }))
    return PreservedAnalyses::all();
  affq_loopctx C;
  C.F = &F;
  C.LI = &FAM.getResult<LoopAnalysis>(F);
  if (!C.LI->empty())
    affq_remark_scalar_dequant(wrap(&F), &C);
  return PreservedAnalyses::all();
}
} // namespace affq

// The one symbol the plugin exports; everything else is hidden.
extern "C" __attribute__((visibility("default"))) ::llvm::PassPluginLibraryInfo LLVM_ATTRIBUTE_WEAK
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "affq", AFFQ_VERSION_STRING, affq::registerCallbacks};
}
