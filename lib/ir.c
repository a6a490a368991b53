/*
 * ir.c - small LLVM-C helpers every stage needs: what a call calls, whether
 * it can write memory, and calling a runtime function from generated code.
 */
#include "affq_internal.h"

#include <stdio.h>
#include <string.h>

/* What the user calls a function: clones are named after their original
 * (".affq", ".affq.joint"), and clang names the inline copy of a glibc
 * wrapper "memcpy.inline"; diagnostics never show those names. */
void affq_user_function_name(LLVMValueRef fn, char *buf, size_t size) {
  size_t len = 0;
  const char *name = fn ? LLVMGetValueName2(fn, &len) : "";
  size_t keep = len;
  for (size_t i = 0; i < len; i++)
    if (name[i] == '.' && (!strncmp(name + i, ".affq", 5) || !strncmp(name + i, ".inline", 7))) {
      keep = i;
      break;
    }
  snprintf(buf, size, "%.*s", (int)keep, name);
}

const char *affq_callee_name(LLVMValueRef v, size_t *len) {
  LLVMValueRef callee = v && LLVMIsACallInst(v) ? LLVMGetCalledValue(v) : NULL;
  *len = 0;
  return callee && LLVMIsAFunction(callee) ? LLVMGetValueName2(callee, len) : "";
}

int affq_calls(LLVMValueRef v, const char *prefix) {
  size_t len;
  return v && LLVMIsACallInst(v) && !strncmp(affq_callee_name(v, &len), prefix, strlen(prefix));
}

int affq_is_fortified_copy(LLVMValueRef call) {
  size_t len;
  const char *name = affq_callee_name(call, &len);
  return LLVMGetNumArgOperands(call) == 4 &&
         ((len == 12 && (!strncmp(name, "__memcpy_chk", 12) || !strncmp(name, "__memset_chk", 12))) ||
          (len == 13 && !strncmp(name, "__memmove_chk", 13)));
}

int affq_is_fread(LLVMValueRef call) {
  size_t len;
  const char *name = affq_callee_name(call, &len);
  unsigned n = (unsigned)LLVMGetNumArgOperands(call);
  if (n == 4 && ((len == 5 && !strncmp(name, "fread", 5)) ||
                 (len == 14 && !strncmp(name, "fread_unlocked", 14))))
    return 1;
  if (n == 5 && ((len == 11 && !strncmp(name, "__fread_chk", 11)) ||
                 (len == 20 && !strncmp(name, "__fread_unlocked_chk", 20))))
    return 2;
  return 0;
}

int affq_call_writes_nothing(LLVMValueRef call) {
  static const char *const pure[] = {
      "llvm.lifetime.", "llvm.dbg.",  "llvm.assume", "llvm.experimental.noalias.scope.decl",
      "llvm.roundeven.", "llvm.fabs.", "llvm.smax.", "llvm.smin.", "llvm.umax.", "llvm.umin.",
      "llvm.maxnum.", "llvm.minnum.", "llvm.fmuladd."};
  for (size_t i = 0; i < sizeof pure / sizeof pure[0]; i++)
    if (affq_calls(call, pure[i]))
      return 1;
  return 0;
}

LLVMValueRef affq_private_constant(LLVMModuleRef M, LLVMValueRef init, const char *name) {
  LLVMValueRef g = LLVMAddGlobal(M, LLVMTypeOf(init), name);
  LLVMSetInitializer(g, init);
  LLVMSetGlobalConstant(g, 1);
  LLVMSetLinkage(g, LLVMPrivateLinkage);
  LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
  return g;
}

LLVMValueRef affq_qparams_global(LLVMModuleRef M, LLVMValueRef init) {
  for (LLVMValueRef g = LLVMGetFirstGlobal(M); g; g = LLVMGetNextGlobal(g)) {
    size_t len;
    const char *name = LLVMGetValueName2(g, &len);
    if (len >= 12 && !strncmp(name, "affq.qparams", 12) && LLVMGetInitializer(g) == init)
      return g; /* LLVM uniques constants: equal contents, one value */
  }
  LLVMValueRef g = affq_private_constant(M, init, "affq.qparams");
  LLVMSetAlignment(g, 16);
  return g;
}

LLVMValueRef affq_build_runtime_call(LLVMBuilderRef b, LLVMModuleRef M, LLVMTypeRef ret,
                                     const char *name, LLVMValueRef *args, unsigned n) {
  LLVMTypeRef params[16];
  for (unsigned i = 0; i < n && i < 16; i++)
    params[i] = LLVMTypeOf(args[i]);
  LLVMTypeRef fty = LLVMFunctionType(ret, params, n, 0);
  LLVMValueRef fn = LLVMGetNamedFunction(M, name);
  if (!fn)
    fn = LLVMAddFunction(M, name, fty);
  return LLVMBuildCall2(b, fty, fn, args, n, "");
}
