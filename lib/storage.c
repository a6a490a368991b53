/*
 * storage.c - where an annotated array lives, and what each kind of storage
 * needs: its type, its initializer, its link-time status, how the report
 * names it.  The other stages ask here instead of testing for globals,
 * allocas and heap calls themselves.
 *
 *   global  a global or static variable: codes in a new internal global;
 *   local   an alloca: codes in a new alloca;
 *   heap    the malloc/calloc/aligned_alloc call a local pointer holds
 *           (heap.c finds it): the same allocation, one byte per float;
 *   field   a struct field's annotation: not quantized yet (a warning);
 *   extern  AFFQ_EXTERN(W): a global another file defines and quantizes;
 *           its exported codes and parameters (rewrite.c).
 */
#include "affq_internal.h"

#include <stdio.h>
#include <stdlib.h>

LLVMTypeRef affq_storage_value_type(LLVMValueRef storage) {
  return LLVMIsAGlobalVariable(storage) ? LLVMGlobalGetValueType(storage)
         : LLVMIsAAllocaInst(storage)   ? LLVMGetAllocatedType(storage)
                                        : NULL;
}

/* A local's initializer: a memcpy of all of it from a constant global (the
 * call is kept: only that copy may be rewritten from a->init). */
static LLVMValueRef local_initializer(affq_array *a, LLVMTargetDataRef td) {
  unsigned long long bytes = LLVMABISizeOfType(td, LLVMGetAllocatedType(a->storage));
  for (LLVMUseRef u = LLVMGetFirstUse(a->storage); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef call = LLVMGetUser(u);
    if (!LLVMIsACallInst(call) || LLVMGetNumArgOperands(call) < 4 ||
        LLVMGetOperand(call, 0) != a->storage)
      continue;
    LLVMValueRef src = LLVMIsAGlobalVariable(LLVMGetOperand(call, 1));
    LLVMValueRef size = LLVMGetOperand(call, 2);
    if (affq_calls(call, "llvm.memcpy.") && src && LLVMIsGlobalConstant(src) &&
        LLVMGetInitializer(src) && LLVMIsAConstantInt(size) &&
        LLVMConstIntGetZExtValue(size) == bytes) {
      a->init_call = call;
      return LLVMGetInitializer(src);
    }
  }
  return NULL;
}

/* The byte offset of a GEP with constant indices from its base, or -1. */
static long long constant_offset(LLVMValueRef gep, LLVMTargetDataRef td) {
  LLVMTypeRef t = LLVMGetGEPSourceElementType(gep);
  long long off = 0;
  for (unsigned i = 1, n = (unsigned)LLVMGetNumOperands(gep); i < n; i++) {
    LLVMValueRef idx = LLVMGetOperand(gep, i);
    if (!LLVMIsAConstantInt(idx))
      return -1;
    off += LLVMConstIntGetSExtValue(idx) * (long long)LLVMABISizeOfType(td, t);
    if (i + 1 < n) {
      if (LLVMGetTypeKind(t) != LLVMArrayTypeKind)
        return -1;
      t = LLVMGetElementType(t);
    }
  }
  return off;
}

/* The byte offset of p from base through a chain of GEPs with constant
 * indices (-1 if not constant); *into: p is base or derived from it. */
static long long offset_from(LLVMValueRef p, LLVMValueRef base, LLVMTargetDataRef td, int *into) {
  if (p == base) {
    *into = 1;
    return 0;
  }
  if (!LLVMIsAGetElementPtrInst(p))
    return -1;
  long long inner = offset_from(LLVMGetOperand(p, 0), base, td, into);
  long long here = constant_offset(p, td);
  return inner < 0 || here < 0 ? -1 : inner + here;
}

/*
 * clang's other form of a local's initializer, when most of its bytes are
 * zero (doubles such as 0.25 often are): memset(storage, 0, size), then a
 * store of each nonzero element, in the same block.  Its values up to the
 * first thing that is not such a store, as a constant [count x element].
 * a->init_call is the memset: rewrite.c writes the whole initializer's
 * codes there (per row too: each row's own codes of 0.0 and of its values),
 * and the stores after it are rewritten as any others, writing the same
 * codes again.
 */
static LLVMValueRef zeroed_then_stored(affq_array *a, LLVMTargetDataRef td,
                                       unsigned long long bytes) {
  LLVMValueRef set = NULL;
  for (LLVMUseRef u = LLVMGetFirstUse(a->storage); u && !set; u = LLVMGetNextUse(u)) {
    LLVMValueRef call = LLVMGetUser(u);
    if (LLVMIsACallInst(call) && affq_calls(call, "llvm.memset.") &&
        LLVMGetOperand(call, 0) == a->storage && LLVMIsAConstantInt(LLVMGetOperand(call, 1)) &&
        !LLVMConstIntGetZExtValue(LLVMGetOperand(call, 1)) &&
        LLVMIsAConstantInt(LLVMGetOperand(call, 2)) &&
        LLVMConstIntGetZExtValue(LLVMGetOperand(call, 2)) == bytes)
      set = call;
  }
  if (!set || !a->esize)
    return NULL;
  size_t count = (size_t)(bytes / a->esize);
  LLVMTypeRef et = affq_element_type(LLVMGetModuleContext(LLVMGetGlobalParent(a->function)), a->esize);
  LLVMValueRef *v = malloc((count ? count : 1) * sizeof *v);
  for (size_t i = 0; i < count; i++)
    v[i] = LLVMConstReal(et, 0.0);
  for (LLVMValueRef i = LLVMGetNextInstruction(set); i; i = LLVMGetNextInstruction(i)) {
    if (!LLVMIsAStoreInst(i)) {
      if (LLVMIsAGetElementPtrInst(i) || affq_calls(i, "llvm.dbg."))
        continue; /* the addresses of the stores, and debug records */
      break;
    }
    LLVMValueRef x = LLVMGetOperand(i, 0);
    int into = 0; /* a store into the array (at any address derived from it)? */
    long long off = offset_from(LLVMGetOperand(i, 1), a->storage, td, &into);
    if (!into)
      break; /* the initializer ended */
    if (!LLVMIsAConstantFP(x) || LLVMTypeOf(x) != et || off < 0 || off % a->esize ||
        (unsigned long long)off >= bytes) {
      free(v); /* a store not understood: no initializer (an error says so), never half of one */
      return NULL;
    }
    v[off / a->esize] = x;
  }
  LLVMValueRef init = LLVMConstArray2(et, v, count);
  free(v);
  a->init_call = set;
  return init;
}

LLVMValueRef affq_storage_initializer(affq_array *a, LLVMTargetDataRef td) {
  a->init_call = NULL;
  switch (a->kind) {
  case AFFQ_STORAGE_GLOBAL:
    return LLVMGetInitializer(a->storage);
  case AFFQ_STORAGE_LOCAL: {
    LLVMValueRef init = local_initializer(a, td);
    return init ? init
                : zeroed_then_stored(a, td, LLVMABISizeOfType(td, LLVMGetAllocatedType(a->storage)));
  }
  default:
    return NULL;
  }
}

int affq_storage_is_vla(const affq_array *a) {
  return a->kind == AFFQ_STORAGE_LOCAL && !LLVMIsAConstantInt(LLVMGetOperand(a->storage, 0));
}

int affq_storage_defined_elsewhere(const affq_array *a) {
  return a->kind == AFFQ_STORAGE_GLOBAL && LLVMIsDeclaration(a->storage);
}

/*
 * A global whose definition the linker may replace or merge keeps its float
 * symbol: the codes have internal linkage, so this file would read its own
 * private copy while the rest of the program used the definition that won.
 */
int affq_storage_replaceable_at_link_time(const affq_array *a, char *why, size_t size) {
  if (a->kind != AFFQ_STORAGE_GLOBAL)
    return 0;
  switch (LLVMGetLinkage(a->storage)) {
  case LLVMCommonLinkage:
    snprintf(why, size, "it is a tentative definition (-fcommon), which the linker may merge with "
                        "another file's; initialize it (= {0}) or build with -fno-common");
    return 1;
  case LLVMWeakAnyLinkage:
  case LLVMWeakODRLinkage:
  case LLVMExternalWeakLinkage:
    snprintf(why, size, "it is weak, so another file's definition may replace it at link time; "
                        "give it one strong definition");
    return 1;
  case LLVMLinkOnceAnyLinkage:
  case LLVMLinkOnceODRLinkage:
  case LLVMAvailableExternallyLinkage:
    snprintf(why, size, "its definition may be replaced by another file's at link time");
    return 1;
  default:
    return 0;
  }
}

/* Once rewritten: the report's word for the codes. */
const char *affq_storage_report_kind(const affq_array *a) {
  if (a->kind == AFFQ_STORAGE_HEAP)
    return "heap";
  if (a->kind == AFFQ_STORAGE_EXTERN)
    return "extern";
  return a->kind == AFFQ_STORAGE_GLOBAL && LLVMIsGlobalConstant(a->codes) ? "constant"
                                                                           : "written at run time";
}

/* Its size is known only at run time (heap memory). */
int affq_storage_sized_at_run_time(const affq_array *a) { return a->kind == AFFQ_STORAGE_HEAP; }
