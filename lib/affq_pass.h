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

/* Two kinds of options, kept apart so that neither can be given where it
 * means nothing:
 *   - array options: how one array is stored (the text after "affq:" in an
 *     annotation; module-wide defaults for them come from the pass);
 *   - module options: what the pass does for the whole module (affq<...>,
 *     AFFQ_OPTIONS).  An annotation that names one is an error. */
typedef struct {
  int bits;           /* 2..8, default 8 */
  int is_signed;      /* default 1: int8 codes */
  affq_scheme scheme; /* default affine */
  int per_row;        /* default 0: one (s, z) per tensor; 1: per row of a 2-D array */
  int calib;          /* range method for profiled arrays: affq_calib_method, default minmax */
  double calib_percent; /* for calib=percentile:P */
  int accumulate;     /* accumulate: quantize even when a running sum is kept in it */
} affq_array_options;

typedef struct {
  affq_array_options array; /* defaults for every annotation */
  int profile_generate;  /* profile-generate: instrument, arrays stay float */
  char profile_use[512]; /* profile-use=PATH: ranges from this profile */
  int profile_strict;    /* profile-strict: a profile mismatch is an error */
  int taffo_off;         /* taffo=off: TAFFO's annotations are not read */
  char report[512];      /* report=PATH: write the quantization report (JSON) there */
  int check;             /* check: count the values that clamp at run time (rt_check.c) */
  int at_O0;          /* set by the shim under clang -O0 (not an option: never parsed or printed) */
  int report_later;   /* set by the shim when the pipeline ends with the report's writer
                         (OptimizerLast): stage 1 leaves the report in the module for it;
                         unset (opt -passes=affq<report=F>), stage 1 writes it (not an option) */
} affq_options;

void affq_options_init(affq_options *o);

/*
 * Parse "key=value;flag;..." (the text between affq< and >; ',' separates as
 * well as ';') into *o: module options and defaults for array options.
 * Returns 0, or -1 with a one-line reason in err.
 */
int affq_options_parse(affq_options *o, const char *text, char *err, size_t err_size);
/* The same for the text after "affq:" in an annotation: array options only;
 * a module option is an error that says where it belongs. */
int affq_array_options_parse(affq_array_options *o, const char *text, char *err, size_t err_size);

/* The canonical text of *o (only what differs from the defaults). */
void affq_options_format(const affq_options *o, char *buf, size_t size);

/* Diagnostics and remarks, at a source file:line (the C++ shim makes them
 * real LLVM diagnostics: clang prints "file:line:1: error: ...", and remarks
 * obey -Rpass=affq / -Rpass-missed=affq / -fsave-optimization-record).
 * fn: a function of M to attach the diagnostic to (NULL: the first defined
 * one).  name: the remark's identifier, e.g. "Quantized". */
typedef enum {
  AFFQ_DIAG_ERROR,
  AFFQ_DIAG_WARNING,
  AFFQ_REMARK_PASSED,
  AFFQ_REMARK_MISSED,
  AFFQ_REMARK_ANALYSIS
} affq_report_kind;
void affq_report(LLVMModuleRef M, LLVMValueRef fn, affq_report_kind kind, const char *file,
                 unsigned line, const char *name, const char *msg);

/* The report (report.c).  affq_report_loop records one decision about a
 * marked loop, given to affq_report (name: "Product", "Inline",
 * "NoProduct", "LoopAtO0" or "LoopIgnored"; anything else is not about a
 * loop), for the module's report if it has one; fn_name: the user's
 * function.  affq_report_finish writes the report M carries, if any, once:
 * 0, or -1 after an error diagnostic. */
void affq_report_loop(LLVMModuleRef M, const char *fn_name, const char *file, unsigned line,
                      const char *name, const char *msg);
int affq_report_finish(LLVMModuleRef M);

/* Run affq on M.  Returns 1 if M was changed, 0 if not. */
int affq_run_module(LLVMModuleRef M, const affq_options *o);

/* The loop stage (products.c), on one function F before the vectorizer;
 * loops: the shim's loop structure and scalar evolution for F.
 * Returns 1 if F was changed. */
typedef struct affq_loopctx affq_loopctx;
int affq_run_loops(LLVMValueRef F, affq_loopctx *loops);

#ifdef __cplusplus
}
#endif

#endif /* AFFQ_PASS_H */
