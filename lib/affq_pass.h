/*
 * affq_pass.h - the C interface between the pass (C, LLVM-C API) and the
 * thin C++ shim that registers it with LLVM's pass manager.
 *
 * Data flows one way: the shim parses nothing itself, it hands the text of
 * affq<params> (or $AFFQ_OPTIONS under clang) to affq_options_parse, then
 * calls affq_run_module with the result.
 */
#ifndef AFFQ_PASS_H
#define AFFQ_PASS_H

#include <llvm-c/Core.h>
#include <stddef.h>

#include "affq.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Module-wide defaults for annotations that do not say otherwise. */
typedef struct {
  int bits;           /* 2..8, default 8 */
  int is_signed;      /* default 1: int8 codes */
  affq_scheme scheme; /* default affine */
} affq_options;

void affq_options_init(affq_options *o);

/*
 * Parse "key=value;flag;..." (the text between affq< and >) into *o.
 * Returns 0, or -1 with a one-line reason in err.
 */
int affq_options_parse(affq_options *o, const char *text, char *err, size_t err_size);

/* The canonical text of *o (only what differs from the defaults). */
void affq_options_format(const affq_options *o, char *buf, size_t size);

/* Run affq on M.  Returns 1 if M was changed, 0 if not. */
int affq_run_module(LLVMModuleRef M, const affq_options *o);

#ifdef __cplusplus
}
#endif

#endif /* AFFQ_PASS_H */
