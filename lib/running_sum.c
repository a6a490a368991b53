/*
 * running_sum.c - a sum kept in a quantized array across a loop.
 *
 *   y[i] = 0;
 *   for (j = 0; j < n; j++)
 *     y[i] = y[i] + a[j] * b[j];
 *
 * stores every partial sum as a code: an increment below s/2 rounds away,
 * and the result can be 0 where the float sum is not (TAFFO's annotated
 * linear-algebra kernels gave all zeros).  The shape: inside a loop, a store
 * into the array whose value is computed (by float arithmetic) from a load
 * of the array in the same loop, both at addresses that do not change in
 * that loop.  Read-only: an analysis, it changes no IR.
 */
#include "affq_internal.h"

#include <stdio.h>
#include <string.h>


static int in_loop(affq_loopctx *c, LLVMBasicBlockRef h, LLVMValueRef v) {
  return LLVMIsAInstruction(v) && affq_loop_contains(c, h, LLVMGetInstructionParent(v));
}

/* Is a local variable (an alloca only loaded and stored) written in loop h?
 * Anything else done with it counts as a write. */
static int written_in(affq_loopctx *c, LLVMBasicBlockRef h, LLVMValueRef slot) {
  for (LLVMUseRef u = LLVMGetFirstUse(slot); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (LLVMIsALoadInst(user))
      continue;
    if (LLVMIsACallInst(user) && affq_call_writes_nothing(user))
      continue;
    if (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 1) == slot && !in_loop(c, h, user))
      continue;
    return 1;
  }
  return 0;
}

/* Does v have the same value on every iteration of loop h?  (Clang's -O0
 * form keeps indices in allocas: a load of one not written in h counts.) */
static int invariant(affq_loopctx *c, LLVMBasicBlockRef h, LLVMValueRef v, int depth) {
  if (!LLVMIsAInstruction(v) || !in_loop(c, h, v))
    return 1;
  if (depth > 12)
    return 0;
  if (LLVMIsALoadInst(v)) {
    LLVMValueRef slot = LLVMGetOperand(v, 0);
    return LLVMIsAAllocaInst(slot) && !LLVMGetVolatile(v) && !written_in(c, h, slot);
  }
  if (LLVMIsAPHINode(v) || LLVMIsACallInst(v) || LLVMIsAAllocaInst(v))
    return 0;
  for (int i = 0, n = LLVMGetNumOperands(v); i < n; i++)
    if (!invariant(c, h, LLVMGetOperand(v, i), depth + 1))
      return 0;
  return 1;
}

/* A load of the array in loop h that v is computed from by float arithmetic. */
static LLVMValueRef summed_load(affq_loopctx *c, LLVMBasicBlockRef h, const affq_uses *u,
                                LLVMValueRef v, int depth) {
  if (!LLVMIsAInstruction(v) || !in_loop(c, h, v) || depth > 8)
    return NULL;
  if (LLVMIsALoadInst(v))
    return affq_values_has(&u->loads, v) ? v : NULL;
  int arith = 0;
  switch (LLVMGetInstructionOpcode(v)) {
  case LLVMFAdd:
  case LLVMFSub:
  case LLVMFMul:
  case LLVMFDiv:
  case LLVMFNeg:
  case LLVMFPExt:
  case LLVMFPTrunc:
    arith = 1;
    break;
  case LLVMCall:
    arith = affq_calls(v, "llvm.fmuladd.") || affq_calls(v, "llvm.fma.");
    break;
  default:
    break;
  }
  for (int i = 0, n = arith ? LLVMGetNumOperands(v) : 0; i < n; i++) {
    LLVMValueRef l = summed_load(c, h, u, LLVMGetOperand(v, i), depth + 1);
    if (l)
      return l;
  }
  return NULL;
}

int affq_find_running_sum(const affq_array *a, const affq_uses *u, char *why, size_t size) {
  LLVMValueRef fn = NULL;
  affq_loopctx *c = NULL;
  int found = 0;
  for (size_t i = 0; i < u->stores.n && !found; i++) {
    LLVMValueRef st = u->stores.v[i];
    LLVMBasicBlockRef bb = LLVMGetInstructionParent(st);
    if (LLVMGetBasicBlockParent(bb) != fn) { /* stores come function by function */
      if (c)
        affq_loops_free(c);
      fn = LLVMGetBasicBlockParent(bb);
      c = affq_loops_local(fn);
    }
    LLVMBasicBlockRef h = affq_loop_innermost(c, bb);
    LLVMValueRef ld = h ? summed_load(c, h, u, LLVMGetOperand(st, 0), 0) : NULL;
    if (!ld || !invariant(c, h, LLVMGetOperand(st, 1), 0) || !invariant(c, h, LLVMGetOperand(ld, 0), 0))
      continue;
    char name[160];
    affq_user_function_name(fn, name, sizeof name);
    unsigned line = LLVMGetDebugLocLine(st);
    char where[200];
    if (line)
      snprintf(where, sizeof where, "in '%s', line %u", name, line);
    else
      snprintf(where, sizeof where, "in '%s'", name);
    snprintf(why, size,
             "a running sum is kept in it across a loop (%s): each partial sum is stored as a "
             "code, so any increment below s/2 = %.3g is lost; sum in a float variable and store "
             "the total, or add the option 'accumulate' to quantize it anyway",
             where, a->params[0].scale / 2);
    found = 1;
  }
  if (c)
    affq_loops_free(c);
  return found;
}
