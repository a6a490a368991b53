/*
 * check.c - the check mode (affq<check>, AFFQ_OPTIONS=check, affq-cc
 * -faffq-check): a sanitizer for quantization ranges.
 *
 * A wrong range is silent: values beyond it clamp, and the output is wrong
 * with no sign.  In check mode every value quantized into an array at run
 * time is counted: how many, how many clamped below qmin or above qmax, how
 * many were NaN, and the least and largest seen.  At exit the runtime
 * (runtime/check_rt.c) prints one warning per array that had any.
 *
 * It must be cheap enough to leave on in a test build, so a store does not
 * call the runtime: each function keeps its counts in local variables
 * (allocas, which mem2reg makes registers, and which the vectorizer turns
 * into reductions: adds, and umin/umax of an order-preserving integer key),
 * and adds them to the array's counters before it returns and before each
 * call (which might never come back: exit() in a helper); a loop without
 * calls flushes once.  Copies into the array count their source in the
 * runtime, in bulk.
 */
#include "affq_internal.h"

#include <stdlib.h>
#include <string.h>

enum { N, BELOW, ABOVE, NANS, KMIN, KMAX, FIELDS }; /* local counts */

typedef struct {
  LLVMValueRef fn, counters;
  LLVMValueRef v[FIELDS]; /* allocas: i64 counts; i32 keys */
} local;

struct affq_check {
  LLVMModuleRef M;
  LLVMContextRef ctx;
  LLVMTypeRef i32, i64, ptr;
  local *l;
  size_t n, cap;
  affq_values descs;    /* one descriptor constant per array */
  affq_values arrays;   /* (as i64 constants of their index) */
  affq_values counters; /* per array */
};

affq_check *affq_check_begin(LLVMModuleRef M) {
  affq_check *c = calloc(1, sizeof *c);
  c->M = M;
  c->ctx = LLVMGetModuleContext(M);
  c->i32 = LLVMInt32TypeInContext(c->ctx);
  c->i64 = LLVMInt64TypeInContext(c->ctx);
  c->ptr = LLVMPointerTypeInContext(c->ctx, 0);
  return c;
}

static LLVMValueRef cstring(affq_check *c, const char *s) {
  return affq_private_constant(c->M, LLVMConstStringInContext2(c->ctx, s, strlen(s), 0),
                               "affq.check.name");
}

/* The array's counters (runtime: affq_check_counters), made with its
 * descriptor (affq_check_desc) on first use. */
LLVMValueRef affq_check_counters(affq_check *c, const affq_array *a) {
  LLVMValueRef key = LLVMConstInt(c->i64, (unsigned long long)(uintptr_t)a, 0);
  for (size_t i = 0; i < c->arrays.n; i++)
    if (c->arrays.v[i] == key)
      return c->counters.v[i];
  LLVMTypeRef t = LLVMArrayType2(c->i64, 6);
  LLVMValueRef g = LLVMAddGlobal(c->M, t, "affq.check.counters");
  LLVMValueRef init[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 6; i++)
    init[i] = LLVMConstInt(c->i64, 0, 0);
  init[4] = LLVMConstInt(c->i64, 0xffffffffu, 0); /* the least key seen: none yet */
  LLVMSetInitializer(g, LLVMConstArray2(c->i64, init, 6));
  LLVMSetLinkage(g, LLVMInternalLinkage);
  LLVMSetAlignment(g, 8);
  const affq_qparams *p = &a->params[0];
  LLVMValueRef f[8] = {cstring(c, a->name),
                       cstring(c, a->file),
                       LLVMConstInt(c->i32, a->line, 0),
                       LLVMConstReal(LLVMFloatTypeInContext(c->ctx), p->scale),
                       LLVMConstInt(c->i32, (unsigned long long)(int64_t)p->zero_point, 1),
                       LLVMConstInt(c->i32, (unsigned long long)(int64_t)p->qmin, 1),
                       LLVMConstInt(c->i32, (unsigned long long)(int64_t)p->qmax, 1),
                       g};
  affq_values_push(&c->descs, LLVMConstStructInContext(c->ctx, f, 8, 0));
  affq_values_push(&c->arrays, key);
  affq_values_push(&c->counters, g);
  return g;
}

/* This function's local counts for the array, made at its entry. */
static local *local_of(affq_check *c, LLVMValueRef fn, LLVMValueRef counters) {
  for (size_t i = 0; i < c->n; i++)
    if (c->l[i].fn == fn && c->l[i].counters == counters)
      return &c->l[i];
  c->l = affq_grow(c->l, &c->cap, c->n, sizeof *c->l);
  local *l = &c->l[c->n++];
  l->fn = fn, l->counters = counters;
  LLVMBuilderRef b = LLVMCreateBuilderInContext(c->ctx);
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);
  LLVMPositionBuilderBefore(b, LLVMGetFirstInstruction(entry));
  for (int i = 0; i < FIELDS; i++) {
    int key = i == KMIN || i == KMAX;
    l->v[i] = LLVMBuildAlloca(b, key ? c->i32 : c->i64, "affq.check");
    LLVMBuildStore(b, LLVMConstInt(key ? c->i32 : c->i64, i == KMIN ? 0xffffffffu : 0, 0), l->v[i]);
  }
  LLVMDisposeBuilder(b);
  return l;
}

static void add_to(LLVMBuilderRef b, LLVMTypeRef t, LLVMValueRef slot, LLVMValueRef flag) {
  LLVMValueRef old = LLVMBuildLoad2(b, t, slot, "");
  LLVMBuildStore(b, LLVMBuildAdd(b, old, LLVMBuildZExt(b, flag, t, ""), ""), slot);
}

static LLVMValueRef call_minmax(affq_check *c, LLVMBuilderRef b, const char *name, LLVMValueRef x,
                                LLVMValueRef y) {
  unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
  LLVMValueRef f = LLVMGetIntrinsicDeclaration(c->M, id, &c->i32, 1);
  LLVMValueRef args[2] = {x, y};
  return LLVMBuildCall2(b, LLVMIntrinsicGetType(c->ctx, id, &c->i32, 1), f, args, 2, "");
}

/* A float store quantizes x: q is roundeven(x / s) + z before the clamp
 * (a float), qmin and qmax the code range.  Count it. */
void affq_check_count_store(affq_check *c, LLVMBuilderRef b, const affq_array *a, LLVMValueRef x,
                      LLVMValueRef q, LLVMValueRef qmin, LLVMValueRef qmax) {
  LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInsertBlock(b));
  local *l = local_of(c, fn, affq_check_counters(c, a));
  LLVMValueRef nan = LLVMBuildFCmp(b, LLVMRealUNO, x, x, "");
  add_to(b, c->i64, l->v[N], LLVMConstInt(LLVMInt1TypeInContext(c->ctx), 1, 0));
  add_to(b, c->i64, l->v[BELOW], LLVMBuildFCmp(b, LLVMRealOLT, q, qmin, ""));
  add_to(b, c->i64, l->v[ABOVE], LLVMBuildFCmp(b, LLVMRealOGT, q, qmax, ""));
  add_to(b, c->i64, l->v[NANS], nan);
  /* the order key: float order as unsigned order (runtime/check_rt.c) */
  LLVMValueRef u = LLVMBuildBitCast(b, x, c->i32, "");
  LLVMValueRef sign = LLVMBuildAShr(b, u, LLVMConstInt(c->i32, 31, 0), "");
  LLVMValueRef key = LLVMBuildXor(
      b, u, LLVMBuildOr(b, sign, LLVMConstInt(c->i32, 0x80000000u, 0), ""), "affq.key");
  LLVMValueRef lo = LLVMBuildSelect(b, nan, LLVMConstInt(c->i32, 0xffffffffu, 0), key, "");
  LLVMValueRef hi = LLVMBuildSelect(b, nan, LLVMConstInt(c->i32, 0, 0), key, "");
  LLVMBuildStore(b, call_minmax(c, b, "llvm.umin", LLVMBuildLoad2(b, c->i32, l->v[KMIN], ""), lo),
                 l->v[KMIN]);
  LLVMBuildStore(b, call_minmax(c, b, "llvm.umax", LLVMBuildLoad2(b, c->i32, l->v[KMAX], ""), hi),
                 l->v[KMAX]);
}

/* A copy into the array, counted by the runtime before it runs:
 * floats (src_params NULL) or the codes of another array. */
void affq_check_count_copy(affq_check *c, LLVMBuilderRef b, const affq_array *a, LLVMValueRef dst_params,
                     LLVMValueRef src, LLVMValueRef src_params, LLVMValueRef n_floats) {
  LLVMValueRef args[5] = {affq_check_counters(c, a), dst_params, src,
                          src_params ? src_params : LLVMConstNull(c->ptr), n_floats};
  affq_build_runtime_call(b, c->M, LLVMVoidTypeInContext(c->ctx), "affq_check_values", args, 5);
}

/* memset(codes, byte, nbytes): nbytes / 4 floats made of that byte. */
void affq_check_count_fill(affq_check *c, LLVMBuilderRef b, const affq_array *a, LLVMValueRef dst_params,
                     LLVMValueRef byte, LLVMValueRef nbytes) {
  LLVMValueRef args[4] = {affq_check_counters(c, a), dst_params,
                          LLVMBuildIntCast2(b, byte, c->i32, 0, ""), nbytes};
  affq_build_runtime_call(b, c->M, LLVMVoidTypeInContext(c->ctx), "affq_check_fill", args, 4);
}

/* Where the function's counts must be flushed: before it returns, and
 * before any call that might not come back (exit() deep in a helper, or a
 * longjmp, is not marked at the pipeline start), so every call but
 * intrinsics and affq's own runtime.  A loop without calls, the hot case,
 * still flushes once.  A ret right after a musttail call is covered by the
 * flush before that call (nothing may stand between the two). */
static int leaves_function(LLVMValueRef inst) {
  if (LLVMIsAReturnInst(inst)) {
    LLVMValueRef prev = LLVMGetPreviousInstruction(inst);
    return !(prev && LLVMIsACallInst(prev) && LLVMGetTailCallKind(prev) == LLVMTailCallKindMustTail);
  }
  if (!LLVMIsACallInst(inst) || affq_calls(inst, "llvm.") || affq_calls(inst, "affq_"))
    return 0;
  return 1;
}

/* Each function's counts go to the arrays' counters before it returns,
 * and the descriptors are registered by a constructor. */
void affq_check_end(affq_check *c) {
  LLVMBuilderRef b = LLVMCreateBuilderInContext(c->ctx);
  for (size_t i = 0; i < c->n; i++) {
    local *l = &c->l[i];
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(l->fn); bb; bb = LLVMGetNextBasicBlock(bb))
      for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) {
        if (!leaves_function(in))
          continue;
        LLVMPositionBuilderBefore(b, in);
        LLVMValueRef args[FIELDS + 1];
        args[0] = l->counters;
        for (int k = 0; k < FIELDS; k++)
          args[k + 1] =
              LLVMBuildLoad2(b, k == KMIN || k == KMAX ? c->i32 : c->i64, l->v[k], "");
        affq_build_runtime_call(b, c->M, LLVMVoidTypeInContext(c->ctx), "affq_check_flush", args,
                                FIELDS + 1);
        for (int k = 0; k < FIELDS; k++) /* counted: start again from zero */
          LLVMBuildStore(b, LLVMConstInt(k == KMIN || k == KMAX ? c->i32 : c->i64,
                                         k == KMIN ? 0xffffffffu : 0, 0),
                         l->v[k]);
      }
  }
  if (c->descs.n) {
    LLVMValueRef table = affq_private_constant(
        c->M, LLVMConstArray2(LLVMTypeOf(c->descs.v[0]), c->descs.v, c->descs.n), "affq.check.arrays");
    LLVMValueRef fn = LLVMAddFunction(c->M, "affq.check.register",
                                      LLVMFunctionType(LLVMVoidTypeInContext(c->ctx), NULL, 0, 0));
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(c->ctx, fn, ""));
    LLVMValueRef args[2] = {table, LLVMConstInt(c->i64, c->descs.n, 0)};
    affq_build_runtime_call(b, c->M, LLVMVoidTypeInContext(c->ctx), "affq_check_register", args, 2);
    LLVMBuildRetVoid(b);
    affq_add_global_ctor(c->M, fn, 65535);
  }
  LLVMDisposeBuilder(b);
  affq_values_free(&c->descs);
  affq_values_free(&c->arrays);
  affq_values_free(&c->counters);
  free(c->l);
  free(c);
}
