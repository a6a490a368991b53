/*
 * running_sum.c - a sum kept in a quantized array across a loop.
 *
 *   y[i] = 0;
 *   for (j = 0; j < n; j++)
 *     y[i] = y[i] + a[j] * b[j];
 *
 * stores every partial sum as a code: an increment below s/2 rounds away,
 * and so does the same sum with the loops the other way round,
 *
 *   for (t = 0; t < n; t++)
 *     for (i = 0; i < 16; i++)
 *       y[i] = y[i] + a[t] * v[t][i];      (llama2.c's attention, say)
 *
 * where y[i] changes inside but each t revisits the same elements;
 * and the result can be 0 where the float sum is not (TAFFO's annotated
 * linear-algebra kernels gave all zeros).  The shape: inside a loop, a store
 * into the array whose value is computed (by float arithmetic) from a load
 * of the array in the same loop, both at addresses that are the same on
 * every iteration of that loop or of a loop around it: they may depend on
 * counters of loops inside it that start again from a constant on each of
 * its iterations (i above, for the t loop).  Read-only: an analysis, it changes no IR.
 */
#include "affq_internal.h"

#include <stdio.h>
#include <string.h>


static int in_loop(affq_loopctx *c, LLVMBasicBlockRef h, LLVMValueRef v) {
  return LLVMIsAInstruction(v) && affq_loop_contains(c, h, LLVMGetInstructionParent(v));
}

/* Does a local variable (an alloca only loaded and stored) take other
 * values from one iteration of loop h to the next?  Not if h never writes
 * it, nor if it is the counter of a loop inside h, set to a constant in h
 * (for (i = 0; ...)) and changed only inside that loop.  Anything else done
 * with it counts as a change. */
static int written_in(affq_loopctx *c, LLVMBasicBlockRef h, LLVMValueRef slot) {
  int reset = 0, inner = 0;
  for (LLVMUseRef u = LLVMGetFirstUse(slot); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (LLVMIsALoadInst(user))
      continue;
    if (LLVMIsACallInst(user) && affq_call_writes_nothing(user))
      continue;
    if (!LLVMIsAStoreInst(user) || LLVMGetOperand(user, 1) != slot)
      return 1;
    if (!in_loop(c, h, user))
      continue;
    if (affq_loop_innermost(c, LLVMGetInstructionParent(user)) != h)
      inner = 1; /* in a loop inside h */
    else if (LLVMIsAConstant(LLVMGetOperand(user, 0)))
      reset = 1;
    else
      return 1;
  }
  return inner && !reset;
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
    while (ld && h && !(invariant(c, h, LLVMGetOperand(st, 1), 0) &&
                        invariant(c, h, LLVMGetOperand(ld, 0), 0)))
      h = affq_loop_parent(c, h); /* the same elements again on each of its iterations? */
    if (!ld || !h)
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
