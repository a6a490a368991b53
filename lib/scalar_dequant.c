/*
 * scalar_dequant.c - say where a loop pays a dequantization per element.
 *
 * At the end of the pipeline (after the loop vectorizer), an innermost loop
 * that still dequantizes one scalar code at a time, and that the vectorizer
 * did not vectorize, pays a convert and a multiply for every read where the
 * float program loaded a float: a stencil over a quantized grid, say.  The
 * user can mark it (AFFQ_LOOP: its sums may be reordered, so it vectorizes;
 * products become kernel calls) or restructure it.  So each such loop gets
 * one -Rpass-analysis=affq remark at the read's line.  The scalar remainder
 * of a vectorized loop is not reported (llvm.loop.isvectorized).
 */
#include "affq_internal.h"
#include "metadata.h"

#include <stdio.h>
#include <string.h>

/* The first scalar dequantization in innermost loop h, or NULL. */
static LLVMValueRef scalar_dequant(LLVMValueRef fn, affq_loopctx *c, LLVMBasicBlockRef h,
                                   unsigned dq_kind) {
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    if (!affq_loop_contains(c, h, bb))
      continue;
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
      LLVMTypeKind k = LLVMGetTypeKind(LLVMTypeOf(i));
      if ((k == LLVMFloatTypeKind || k == LLVMDoubleTypeKind) && LLVMGetMetadata(i, dq_kind))
        return i;
    }
  }
  return NULL;
}

/* The quantized array's name, when the code load reaches a named global. */
static void array_name(LLVMValueRef dq, char *buf, size_t size) {
  snprintf(buf, size, "a quantized array");
  for (unsigned k = 0; k < 2 && k < (unsigned)LLVMGetNumOperands(dq); k++) {
    LLVMValueRef v = LLVMGetOperand(dq, k);
    for (int depth = 0; depth < 6 && v && LLVMIsAInstruction(v) && !LLVMIsALoadInst(v); depth++)
      v = LLVMGetNumOperands(v) ? LLVMGetOperand(v, 0) : NULL;
    if (!v || !LLVMIsALoadInst(v))
      continue;
    LLVMValueRef obj = affq_underlying_object(LLVMGetOperand(v, 0));
    size_t len = 0;
    const char *name = LLVMIsAGlobalVariable(obj) ? LLVMGetValueName2(obj, &len) : NULL;
    if (name && len && strncmp(name, "affq.", 5))
      snprintf(buf, size, "'%.*s'", (int)len, name);
    return;
  }
}

void affq_remark_scalar_dequant(LLVMValueRef fn, affq_loopctx *c) {
  LLVMModuleRef M = LLVMGetGlobalParent(fn);
  LLVMContextRef ctx = LLVMGetModuleContext(M);
  unsigned dq_kind = LLVMGetMDKindIDInContext(ctx, AFFQ_MD_DQ, strlen(AFFQ_MD_DQ));
  LLVMBasicBlockRef hs[512];
  size_t n = affq_loops_list(c, hs, 512);
  for (size_t k = 0; k < n; k++) {
    if (affq_loop_subloops(c, hs[k]) || affq_loop_is_vectorized(c, hs[k]))
      continue;
    LLVMValueRef dq = scalar_dequant(fn, c, hs[k], dq_kind);
    unsigned len = 0, line = dq ? LLVMGetDebugLocLine(dq) : 0;
    const char *file = dq ? LLVMGetDebugLocFilename(dq, &len) : NULL;
    if (!dq || !file || !line)
      continue;
    char f[512], name[160], msg[600], user[256];
    unsigned dlen = 0;
    const char *dir = LLVMGetDebugLocDirectory(dq, &dlen);
    if (file[0] != '/' && dir && dlen) /* clang may name it relative to a directory */
      snprintf(f, sizeof f, "%.*s/%.*s", (int)dlen, dir, (int)len, file);
    else
      snprintf(f, sizeof f, "%.*s", (int)len, file);
    array_name(dq, name, sizeof name);
    affq_user_function_name(fn, user, sizeof user);
    if (affq_loop_was_marked(c, hs[k]))
      snprintf(msg, sizeof msg,
               "this marked loop in '%s' reads %s one element at a time and was not vectorized "
               "(see -Rpass-missed=loop-vectorize for why): each read pays a dequantization (a "
               "convert and a multiply) where the float program loads a float; restructure it",
               user, name);
    else
      snprintf(msg, sizeof msg,
               "a loop in '%s' reads %s one element at a time and was not vectorized: each read "
               "pays a dequantization (a convert and a multiply) where the float program loads a "
               "float; mark it AFFQ_LOOP (its sums may then be reordered, so it vectorizes, and "
               "products run on the int8 kernels) or restructure it",
               user, name);
    affq_report(M, fn, AFFQ_REMARK_ANALYSIS, f, line, "ScalarDequant", msg);
  }
}
