/*
 * bulk_record.c - in an instrumented build, record a loop's stores in one
 * call at its exit instead of one call per store (part of the loop stage,
 * before the vectorizer, which a call in the loop would stop).
 *
 * instrument.c puts affq_prof_value(counters, v) right after each
 * `store float v, p` into an annotated array.  In an innermost loop where
 *   - p steps by exactly one float per iteration (scalar evolution),
 *   - the store runs on every iteration (its block dominates the latch),
 *   - nothing else in the loop writes memory or calls a function,
 *   - the trip count is known, at least at run time, and the loop has one
 *     exit block,
 * the floats in [p0, p0 + n) at the exit are exactly the values stored, so
 * the call moves there as affq_prof_values(counters, p0, n).
 */
#include "affq_internal.h"

#include <string.h>

/* Nothing in loop h writes memory but `store`, and no call but `record`. */
static int only_writer(LLVMValueRef fn, affq_loopctx *c, LLVMBasicBlockRef h, LLVMValueRef store,
                       LLVMValueRef record) {
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    if (!affq_loop_contains(c, h, bb))
      continue;
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
      if (i == store || i == record)
        continue;
      if (LLVMIsAStoreInst(i) || LLVMIsAAtomicRMWInst(i) || LLVMIsAAtomicCmpXchgInst(i) ||
          LLVMIsAFenceInst(i))
        return 0;
      if (LLVMIsACallInst(i) && !affq_call_writes_nothing(i))
        return 0;
    }
  }
  return 1;
}

int affq_bulk_record(LLVMValueRef fn, affq_loopctx *c) {
  LLVMBasicBlockRef hs[512];
  size_t n = affq_loops_list(c, hs, 512);
  int changed = 0;
  LLVMBuilderRef b = NULL;
  for (size_t k = 0; k < n; k++) {
    LLVMBasicBlockRef h = hs[k];
    if (affq_loop_subloops(c, h))
      continue;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
      if (!affq_loop_contains(c, h, bb))
        continue;
      for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
        size_t len;
        const char *callee = affq_callee_name(i, &len);
        if (len != 15 || strncmp(callee, "affq_prof_value", 15))
          continue;
        LLVMValueRef store = LLVMGetPreviousInstruction(i);
        if (!store || !LLVMIsAStoreInst(store) || LLVMGetOperand(store, 0) != LLVMGetOperand(i, 1) ||
            LLVMGetVolatile(store))
          continue;
        affq_affine a;
        LLVMBasicBlockRef pre = affq_loop_preheader(c, h), exit = affq_loop_exit(c, h);
        uint64_t constant;
        if (!pre || !exit || !affq_scev_affine(c, LLVMGetOperand(store, 1), &a) || !a.n ||
            a.loop[a.n - 1] != h || a.step[a.n - 1] != 4 || !affq_affine_invariant_in(c, &a, h) ||
            !affq_dominates(c, bb, affq_loop_latch(c, h)) ||
            !affq_loop_trip_count(c, h, h, NULL, &constant, NULL) || !only_writer(fn, c, h, store, i))
          continue;
        /* at the exit: affq_prof_values(counters, p0, n) */
        LLVMValueRef at = LLVMGetFirstInstruction(exit);
        while (at && LLVMIsAPHINode(at))
          at = LLVMGetNextInstruction(at);
        LLVMValueRef tc, before = LLVMGetBasicBlockTerminator(pre);
        affq_loop_trip_count(c, h, h, before, &constant, &tc);
        a.n--; /* the start: without this loop's term */
        LLVMValueRef p0 = affq_expand_affine(c, &a, before);
        LLVMModuleRef M = LLVMGetGlobalParent(fn);
        LLVMContextRef ctx = LLVMGetModuleContext(M);
        if (!b)
          b = LLVMCreateBuilderInContext(ctx);
        /* p0 and n are computed in the preheader, which dominates the
         * (dedicated) exit */
        LLVMPositionBuilderBefore(b, at);
        LLVMValueRef args[3] = {LLVMGetOperand(i, 0), p0, tc};
        affq_build_runtime_call(b, M, LLVMVoidTypeInContext(ctx), "affq_prof_values", args, 3);
        LLVMValueRef dead = i;
        i = store; /* continue after the store */
        LLVMInstructionEraseFromParent(dead);
        changed = 1;
      }
    }
  }
  if (b)
    LLVMDisposeBuilder(b);
  return changed;
}
