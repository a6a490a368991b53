/*
 * loop_stage.h - what the loop stage's files share (products.c: sums of
 * products; updates.c: updates of a float array in memory).
 */
#ifndef AFFQ_LOOP_STAGE_H
#define AFFQ_LOOP_STAGE_H

#include "affq_internal.h"

enum { MAX_BUFFER = 65536 };                 /* floats of results kept on the stack */

typedef struct {
  affq_loopctx *c;
  LLVMModuleRef M;
  LLVMContextRef ctx;
  LLVMValueRef fn;
  LLVMBuilderRef b;
  LLVMTypeRef i32, i64, f32, ptr;
  unsigned dq_kind;
} stage;

/* One sum of products found in an innermost loop. */
typedef struct {
  LLVMBasicBlockRef loop;   /* the innermost loop */
  LLVMValueRef phi, add;    /* acc, acc + t */
  LLVMValueRef init;        /* acc before the loop */
  LLVMValueRef table;       /* the array's affq_qparams table */
  int per_row;
  uint64_t cols;            /* per-row arrays: elements per row */
  affq_affine w, x;         /* the code and float addresses */
  int64_t w_step, x_step;   /* bytes per iteration of the inner loop */
  int transposed;           /* W read down a column */
  uint64_t n;               /* inner trip count (0: not constant) */
  LLVMValueRef table_x;     /* both quantized: x is codes too, with this table */
  LLVMValueRef factor[4];   /* scalar factors, invariant in the inner loop (alpha) */
  int n_factors;
  LLVMValueRef w_load, x_load; /* the loads of the two factors (for alias queries) */
  const LLVMValueRef *sums; /* every sum of the loop: phi, add, phi, add, ... */
  int n_sums;
  /* a sum kept in memory (y[i] += ...): its store in the loop, and where
   * the call goes instead of the preheader (the run-time-checked bypass) */
  LLVMValueRef store, at;
} product;

/* ---- small queries (products.c) ---- */
int opcode_is(LLVMValueRef v, LLVMOpcode op);
int in_loop(stage *s, LLVMBasicBlockRef h, LLVMValueRef v);
int64_t step_in(const affq_affine *a, LLVMBasicBlockRef loop);
affq_affine without(const affq_affine *a, const LLVMBasicBlockRef *drop, int n);
int is_fmuladd(LLVMValueRef v);
int harmless_call(LLVMValueRef call);
int writes_unknown(LLVMValueRef i);
int used_after(stage *s, LLVMBasicBlockRef h, LLVMValueRef i);
LLVMValueRef clobber_in(stage *s, LLVMBasicBlockRef h, LLVMBasicBlockRef skip, LLVMValueRef a,
                        LLVMValueRef b);
int dequantized_codes(stage *s, LLVMValueRef dq, product *p, LLVMValueRef *code, char *why,
                      size_t size);
enum { MAX_LEAVES = 6 };
int leaves_of(stage *s, LLVMBasicBlockRef h, LLVMValueRef v, LLVMValueRef *leaf, int *n);
LLVMValueRef i64c(stage *s, uint64_t v);
LLVMValueRef entry_buffer(stage *s, uint64_t count);
LLVMValueRef params_at(stage *s, const product *p, const affq_affine *w_start, LLVMValueRef before);
/* What the user calls the memory ptr points into ("'y'", "parameter 2 of 'f'"). */
void name_memory(LLVMValueRef ptr, char *buf, size_t size);
const char *mark_of(stage *s, LLVMBasicBlockRef h, LLVMBasicBlockRef *marked, const char **file,
                    unsigned *line);

/* The remark for y[i] += W[i][j] * x[j] that LLVM kept in memory. */
#define MEMORY_SUM                                                                                 \
  "marked loop stays element-wise: its sum is kept in memory (y[i] += ...) because the store may " \
  "write what the loop reads; declare the pointers restrict, or sum into a local variable"

/* updates.c: C[i][j] += A[i][k] * B[k][j] with j innermost, B quantized.
 * 0: not that shape (nothing said); 1: replaced; -1: refused (said). */
int affq_try_update(stage *s, LLVMBasicBlockRef h, const affq_loop_options *lo);

#endif
