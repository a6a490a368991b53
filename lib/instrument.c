/*
 * instrument.c - the instrumented build of profile-guided calibration
 * (AFFQ_PROFILE_GENERATE=1, or affq<profile-generate>).
 *
 * Annotated arrays stay float.  Each gets zero-initialized counters
 * (runtime/profile.h), and every value stored into it is recorded:
 *   - a float store: affq_prof_value(counters, v) after it (a double: v
 *     rounded to float);
 *   - memcpy/memmove/memset into it: affq_prof_values(counters, dst, n)
 *     after it, over the n floats it wrote, in one call (doubles:
 *     affq_prof_values_f64);
 *   - fread into it: the same, over the whole elements of the items it
 *     returns it read;
 *   - memory from mmap (heap.c): every whole element mapped, after the call
 *     (affq_prof_mapped, which skips a failed mapping).
 * Stores in callees are recorded through the same specialized clones the
 * rewrite uses (uses.c), so each clone records into its own array.  A
 * constructor registers every array's key and counters with the runtime,
 * which writes the profile at exit.
 */
#include "affq_internal.h"
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static LLVMValueRef cstring(LLVMModuleRef M, const char *s) {
  LLVMContextRef ctx = LLVMGetModuleContext(M);
  return affq_private_constant(M, LLVMConstStringInContext2(ctx, s, strlen(s), 0),
                               "affq.prof.name");
}

LLVMValueRef affq_instrument(LLVMModuleRef M, const affq_array *a, affq_uses *u,
                             const affq_profile_key *k) {
  LLVMContextRef ctx = LLVMGetModuleContext(M);
  LLVMTypeRef i8 = LLVMInt8TypeInContext(ctx), i32 = LLVMInt32TypeInContext(ctx),
              i64 = LLVMInt64TypeInContext(ctx);
  LLVMTypeRef ctype = LLVMArrayType2(i8, AFFQ_PROF_COUNTERS_BYTES);
  LLVMValueRef counters = LLVMAddGlobal(M, ctype, "affq.prof.counters");
  LLVMSetInitializer(counters, LLVMConstNull(ctype));
  LLVMSetLinkage(counters, LLVMInternalLinkage);
  LLVMSetAlignment(counters, 8);

  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  for (size_t i = 0; i < u->stores.n; i++) {
    LLVMValueRef st = u->stores.v[i];
    LLVMPositionBuilderBefore(b, LLVMGetNextInstruction(st));
    LLVMValueRef v = LLVMGetOperand(st, 0); /* a double as the float nearest it */
    if (LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMDoubleTypeKind)
      v = LLVMBuildFPTrunc(b, v, LLVMFloatTypeInContext(ctx), "");
    LLVMValueRef args[2] = {counters, v};
    affq_build_runtime_call(b, M, LLVMVoidTypeInContext(ctx), "affq_prof_value", args, 2);
  }
  for (size_t i = 0; i < u->calls.n; i++) {
    LLVMValueRef call = u->calls.v[i];
    if (!affq_calls(call, "llvm.mem") || !affq_values_has(&u->pointers, LLVMGetOperand(call, 0)))
      continue; /* only writes into the array */
    LLVMPositionBuilderBefore(b, LLVMGetNextInstruction(call));
    LLVMValueRef len = LLVMBuildZExt(b, LLVMGetOperand(call, 2), i64, "");
    unsigned es = u->esize == 8 ? 8 : 4;
    LLVMValueRef args[3] = {counters, LLVMGetOperand(call, 0),
                            LLVMBuildUDiv(b, len, LLVMConstInt(i64, es, 0), "")};
    affq_build_runtime_call(b, M, LLVMVoidTypeInContext(ctx),
                            es == 8 ? "affq_prof_values_f64" : "affq_prof_values", args, 3);
  }
  if (u->mapped) { /* mmap of a file: every whole element it maps, after it */
    LLVMValueRef call = a->storage;
    LLVMPositionBuilderBefore(b, LLVMGetNextInstruction(call));
    LLVMValueRef args[4] = {counters, call,
                            LLVMBuildZExtOrBitCast(b, LLVMGetOperand(call, 1), i64, ""),
                            LLVMConstInt(i32, u->esize == 8 ? 8 : 4, 0)};
    affq_build_runtime_call(b, M, LLVMVoidTypeInContext(ctx), "affq_prof_mapped", args, 4);
  }
  for (size_t i = 0; i < u->freads.n; i++) { /* fread: the whole elements it read */
    LLVMValueRef call = u->freads.v[i];
    unsigned k = affq_is_fread(call) == 2; /* __fread_chk: operand 1 is the buffer's size */
    LLVMPositionBuilderBefore(b, LLVMGetNextInstruction(call));
    unsigned es = u->esize == 8 ? 8 : 4;
    LLVMValueRef bytes = LLVMBuildMul(b, LLVMBuildZExtOrBitCast(b, call, i64, ""),
                                      LLVMBuildZExtOrBitCast(b, LLVMGetOperand(call, 1 + k), i64, ""), "");
    LLVMValueRef args[3] = {counters, LLVMGetOperand(call, 0),
                            LLVMBuildUDiv(b, bytes, LLVMConstInt(i64, es, 0), "")};
    affq_build_runtime_call(b, M, LLVMVoidTypeInContext(ctx),
                            es == 8 ? "affq_prof_values_f64" : "affq_prof_values", args, 3);
  }
  for (size_t i = 0; i < u->redirect_call.n; i++) { /* callees: their clones record */
    LLVMValueRef call = u->redirect_call.v[i];
    LLVMSetOperand(call, (unsigned)LLVMGetNumOperands(call) - 1, u->redirect_to.v[i]);
  }
  LLVMDisposeBuilder(b);

  LLVMValueRef f[6] = {cstring(M, k->module), cstring(M, k->symbol), cstring(M, k->file),
                       LLVMConstInt(i32, a->line, 0), cstring(M, k->shape), counters};
  return LLVMConstStructInContext(ctx, f, 6, 0);
}

void affq_register_profiles(LLVMModuleRef M, LLVMValueRef *descs, size_t n) {
  if (!n)
    return;
  LLVMContextRef ctx = LLVMGetModuleContext(M);
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  LLVMValueRef table = affq_private_constant(M, LLVMConstArray2(LLVMTypeOf(descs[0]), descs, n),
                                             "affq.prof.arrays");
  LLVMValueRef fn = LLVMAddFunction(M, "affq.prof.register",
                                    LLVMFunctionType(LLVMVoidTypeInContext(ctx), NULL, 0, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, fn, ""));
  LLVMValueRef args[2] = {table, LLVMConstInt(i64, n, 0)};
  affq_build_runtime_call(b, M, LLVMVoidTypeInContext(ctx), "affq_prof_register", args, 2);
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  affq_add_global_ctor(M, fn, 65535);
}
