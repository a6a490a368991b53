/*
 * pass.c - the affq module pass, in C against the LLVM-C API.
 *
 * Pipeline: annotations -> analysis -> rewrite -> remarks.  This is the entry
 * point; the stages live in their own files as they are added.
 */
#include "affq_pass.h"

int affq_run_module(LLVMModuleRef M, const affq_options *o) {
  (void)M;
  (void)o;
  /* No stage rewrites anything yet, so every module comes out unchanged. */
  return 0;
}
