/*
 * wrappers.c - allocation wrappers defined in the file:
 *   static void *xmalloc(size_t n) {
 *     void *p = malloc(n);
 *     if (!p) { perror("malloc"); exit(1); }
 *     return p;
 *   }
 *   AFFQ_RANGE(-1, 1) float *w = xmalloc(n * sizeof *w);
 *
 * A wrapper's allocation serves every caller, float or not, so it cannot be
 * shrunk in place.  Each annotated pointer (or field) given memory by a
 * wrapper call gets its own copy of the wrapper ("xmalloc.affq.alloc"),
 * called from that one place: the copy's allocation becomes the heap
 * storage, its `return p` makes the call's result a pointer into the codes
 * (uses.c follows returns of functions called only from one place), and the
 * rest of the wrapper (the null check, the message) runs unchanged.
 *
 * A wrapper is a defined function whose every return gives the same one
 * allocation call (through phis, selects and local variables) or null.
 * If the array is refused later, undo_wrapper puts the original call back.
 */
#include "affq_internal.h"

#include <string.h>

/* Does every path of v lead to `alloc` or null?  (*alloc: the one
 * allocation seen, set on first sight.) */
static int only_allocation(LLVMValueRef v, LLVMValueRef *alloc, int depth) {
  if (depth > 8)
    return 0;
  if (LLVMIsNull(v) || LLVMIsUndef(v) || LLVMIsPoison(v))
    return 1;
  if (affq_allocation_kind(v) != AFFQ_ALLOC_NONE) {
    if (*alloc && *alloc != v)
      return 0;
    *alloc = v;
    return 1;
  }
  if (LLVMIsAPHINode(v)) {
    for (unsigned k = 0, n = LLVMCountIncoming(v); k < n; k++)
      if (!only_allocation(LLVMGetIncomingValue(v, k), alloc, depth + 1))
        return 0;
    return 1;
  }
  if (LLVMIsASelectInst(v))
    return only_allocation(LLVMGetOperand(v, 1), alloc, depth + 1) &&
           only_allocation(LLVMGetOperand(v, 2), alloc, depth + 1);
  if (LLVMIsALoadInst(v) && LLVMIsAAllocaInst(LLVMGetOperand(v, 0))) {
    LLVMValueRef slot = LLVMGetOperand(v, 0);
    int stores = 0;
    for (LLVMUseRef u = LLVMGetFirstUse(slot); u; u = LLVMGetNextUse(u)) {
      LLVMValueRef st = LLVMGetUser(u);
      if (!LLVMIsAStoreInst(st) || LLVMGetOperand(st, 1) != slot)
        continue;
      if (!only_allocation(LLVMGetOperand(st, 0), alloc, depth + 1))
        return 0;
      stores++;
    }
    return stores > 0;
  }
  return 0;
}

/* The one allocation a wrapper's calls return, in function f; or NULL. */
static LLVMValueRef wrapped_allocation(LLVMValueRef f) {
  if (!f || !LLVMIsAFunction(f) || LLVMIsDeclaration(f) || LLVMIsFunctionVarArg(LLVMGlobalGetValueType(f)))
    return NULL;
  LLVMValueRef alloc = NULL;
  int rets = 0;
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b)) {
    LLVMValueRef t = LLVMGetBasicBlockTerminator(b);
    if (!t || !LLVMIsAReturnInst(t))
      continue;
    if (!LLVMGetNumOperands(t) || !only_allocation(LLVMGetOperand(t, 0), &alloc, 0))
      return NULL;
    rets++;
  }
  return rets ? alloc : NULL;
}

LLVMValueRef affq_wrapper_call_allocation(LLVMValueRef call) {
  if (!call || !LLVMIsACallInst(call))
    return NULL;
  return wrapped_allocation(LLVMGetCalledValue(call));
}

/* The instruction of clone c at the place of `inst` in f (the clone has
 * f's blocks and instructions in the same order). */
static LLVMValueRef same_place(LLVMValueRef f, LLVMValueRef c, LLVMValueRef inst) {
  LLVMBasicBlockRef cb = LLVMGetFirstBasicBlock(c);
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b && cb;
       b = LLVMGetNextBasicBlock(b), cb = LLVMGetNextBasicBlock(cb)) {
    LLVMValueRef ci = LLVMGetFirstInstruction(cb);
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i && ci;
         i = LLVMGetNextInstruction(i), ci = LLVMGetNextInstruction(ci))
      if (i == inst)
        return ci;
  }
  return NULL;
}

LLVMValueRef affq_specialize_wrapper(affq_array *a, LLVMValueRef call) {
  LLVMValueRef f = LLVMGetCalledValue(call), alloc = wrapped_allocation(f);
  if (!alloc)
    return NULL;
  LLVMValueRef clone = affq_clone_function(f, ".affq.alloc");
  LLVMValueRef mine = same_place(f, clone, alloc);
  if (!mine || affq_allocation_kind(mine) == AFFQ_ALLOC_NONE) {
    LLVMDeleteFunction(clone);
    return NULL;
  }
  LLVMSetOperand(call, (unsigned)LLVMGetNumOperands(call) - 1, clone);
  a->wrapper_call = call;
  a->wrapper = f;
  a->wrapper_clone = clone;
  return mine;
}

void affq_undo_wrapper(affq_array *a) {
  if (!a->wrapper_clone)
    return;
  LLVMSetOperand(a->wrapper_call, (unsigned)LLVMGetNumOperands(a->wrapper_call) - 1, a->wrapper);
  if (!LLVMGetFirstUse(a->wrapper_clone))
    LLVMDeleteFunction(a->wrapper_clone);
  a->wrapper_clone = NULL;
}
