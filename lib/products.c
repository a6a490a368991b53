/*
 * products.c - the loop stage (pass 2).  It runs on each function just
 * before the loop vectorizer, when loops are in canonical form, and looks
 * only at loops marked by AFFQ_LOOP or AFFQ_KERNEL (loops.c) and the loops
 * inside them.  In each innermost such loop:
 *
 *   1. a float sum, acc = acc + t, gets the reassoc flag: the user opted in,
 *      so the vectorizer may reorder it;
 *   2. a sum of products acc += dq(W[..]) * x[..] of a quantized array W
 *      (the inline dequantization that rewrite.c tagged !affq.dq) and floats
 *      x becomes one call of the runtime (affq_loop_product), made before the
 *      loop, or before one or two loops around it:
 *        the loop alone       one row:   d = W[r][0..n) . x      (dot)
 *        + a loop over rows   y = W x                            (GEMV)
 *        + a loop over x rows Y = X W^T                          (GEMM)
 *      and the same with W read down its columns (W[k][j], transposed).
 *      The products land in a buffer, and the sum's result becomes
 *      init + buffer[...]; the inner loop is deleted;
 *   3. a sum of products acc += dq(A[..]) * dq(B[..]) of two quantized
 *      arrays (per tensor, both read contiguously) becomes
 *      init + affq_loop_dot_q8q8(...), an exact integer dot scaled once,
 *      made before the loop; loops around it stay.
 *
 * Before that, it proves from scalar evolution: both addresses are affine
 * in the loops with constant strides of the recognized shape; trip counts
 * are known (constant for the outer loops) and do not change from row to
 * row; the inner loop writes nothing and has no other result; nothing in the
 * loops around it writes memory that W or x may live in; the inner loop runs
 * once per outer iteration.  Whatever fails leaves the loop element-wise,
 * with a -Rpass-missed=affq remark that says which shape and why.
 */
#include "loop_stage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_HOIST = 4096 };                   /* floats dequantized once, on the stack */

/* ---- small queries ----------------------------------------------------------- */

int opcode_is(LLVMValueRef v, LLVMOpcode op) {
  return v && LLVMIsAInstruction(v) && LLVMGetInstructionOpcode(v) == op;
}

int in_loop(stage *s, LLVMBasicBlockRef h, LLVMValueRef v) {
  return LLVMIsAInstruction(v) && affq_loop_contains(s->c, h, LLVMGetInstructionParent(v));
}

int64_t step_in(const affq_affine *a, LLVMBasicBlockRef loop) {
  for (int i = 0; i < a->n; i++)
    if (a->loop[i] == loop)
      return a->step[i];
  return 0;
}

/* a without the loops in drop[0..n): its value at their first iteration. */
affq_affine without(const affq_affine *a, const LLVMBasicBlockRef *drop, int n) {
  affq_affine r = *a;
  r.n = 0;
  for (int i = 0; i < a->n; i++) {
    int dropped = 0;
    for (int j = 0; j < n; j++)
      dropped |= a->loop[i] == drop[j];
    if (!dropped) {
      r.loop[r.n] = a->loop[i];
      r.step[r.n++] = a->step[i];
    }
  }
  return r;
}

int is_fmuladd(LLVMValueRef v) { return affq_calls(v, "llvm.fmuladd."); }

/* Calls that write neither W nor x: no memory at all, or (a product made
 * for another loop) only its own buffer. */
int harmless_call(LLVMValueRef call) {
  return affq_call_writes_nothing(call) || affq_calls(call, "affq_loop_product");
}

/* A write the stage cannot follow: a call that may write (not a product
 * made for another loop), a fence, an atomic update. */
int writes_unknown(LLVMValueRef i) {
  return (LLVMIsACallInst(i) && !harmless_call(i)) || LLVMIsAFenceInst(i) ||
         LLVMIsAAtomicRMWInst(i) || LLVMIsAAtomicCmpXchgInst(i);
}

/* Is i used after loop h (other than by an LCSSA phi nobody uses)? */
int used_after(stage *s, LLVMBasicBlockRef h, LLVMValueRef i) {
  for (LLVMUseRef u = LLVMGetFirstUse(i); u; u = LLVMGetNextUse(u))
    if (!in_loop(s, h, LLVMGetUser(u)) &&
        !(LLVMIsAPHINode(LLVMGetUser(u)) && !LLVMGetFirstUse(LLVMGetUser(u))))
      return 1;
  return 0;
}

/* The first instruction of loop h, outside loop skip (NULL: none), that
 * may write what load a or load b (NULL: none) reads: a write the stage
 * cannot follow, or a store LLVM's alias analysis cannot separate. */
LLVMValueRef clobber_in(stage *s, LLVMBasicBlockRef h, LLVMBasicBlockRef skip, LLVMValueRef a,
                        LLVMValueRef b) {
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(s->fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    if (!affq_loop_contains(s->c, h, bb) || (skip && affq_loop_contains(s->c, skip, bb)))
      continue;
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i))
      if (writes_unknown(i) ||
          (LLVMIsAStoreInst(i) && (affq_may_alias(s->c, i, a) || (b && affq_may_alias(s->c, i, b)))))
        return i;
  }
  return NULL;
}

/* ---- recognition ------------------------------------------------------------- */

/* The i8 load of the code under a dequantization (through casts and the
 * zero-point subtraction, however instcombine has shaped them). */
static LLVMValueRef code_load(LLVMValueRef v, int depth) {
  if (!v || !LLVMIsAInstruction(v) || depth > 4)
    return NULL;
  if (LLVMIsALoadInst(v))
    return LLVMGetTypeKind(LLVMTypeOf(v)) == LLVMIntegerTypeKind &&
                   LLVMGetIntTypeWidth(LLVMTypeOf(v)) == 8
               ? v
               : NULL;
  switch (LLVMGetInstructionOpcode(v)) {
  case LLVMSIToFP: case LLVMUIToFP: case LLVMSExt: case LLVMZExt: case LLVMTrunc:
    return code_load(LLVMGetOperand(v, 0), depth + 1);
  case LLVMAdd: case LLVMSub: {
    LLVMValueRef a = code_load(LLVMGetOperand(v, 0), depth + 1);
    return a ? a : code_load(LLVMGetOperand(v, 1), depth + 1);
  }
  default:
    return NULL;
  }
}

/* The affq_qparams table (1 entry, or one per row) for the codes that the
 * !affq.dq node md describes, shared by every call with the same contents. */
static LLVMValueRef params_table(stage *s, LLVMValueRef md, product *p) {
  LLVMValueRef o[AFFQ_DQ_FIELDS];
  if (!md || LLVMGetMDNodeNumOperands(md) != AFFQ_DQ_FIELDS)
    return NULL;
  LLVMGetMDNodeOperands(md, o);
  for (int i = 0; i < AFFQ_DQ_SCALES; i++)
    if (!o[i] || !LLVMIsAConstant(o[i]))
      return NULL;
  p->per_row = (int)LLVMConstIntGetZExtValue(o[AFFQ_DQ_PER_ROW]);
  p->cols = LLVMConstIntGetZExtValue(o[AFFQ_DQ_COLS]);
  LLVMValueRef scales = o[AFFQ_DQ_SCALES], zps = o[AFFQ_DQ_ZERO_POINTS];
  /* (zero points all 0, as signed symmetric ones are, are a zeroinitializer) */
  if (p->per_row && (!scales || !zps || !LLVMIsAConstantDataArray(scales) ||
                     !(LLVMIsAConstantDataArray(zps) || LLVMIsAConstantAggregateZero(zps))))
    return NULL;
  size_t rows = p->per_row ? (size_t)LLVMGetArrayLength2(LLVMTypeOf(scales)) : 1;
  LLVMValueRef *v = malloc(rows * sizeof *v);
  for (size_t r = 0; r < rows; r++) {
    LLVMValueRef f[4] = {o[AFFQ_DQ_SCALE], o[AFFQ_DQ_ZERO], o[AFFQ_DQ_QMIN], o[AFFQ_DQ_QMAX]};
    if (p->per_row) {
      f[0] = LLVMGetAggregateElement(scales, (unsigned)r);
      f[1] = LLVMGetAggregateElement(zps, (unsigned)r);
    }
    v[r] = LLVMConstStructInContext(s->ctx, f, 4, 0);
  }
  LLVMValueRef init = LLVMConstArray2(LLVMTypeOf(v[0]), v, rows);
  free(v);
  return affq_qparams_global(s->M, init);
}

/* The code load under the dequantization dq, and its parameter table (into
 * p->table, with p->per_row and p->cols). */
int dequantized_codes(stage *s, LLVMValueRef dq, product *p, LLVMValueRef *code, char *why,
                             size_t size) {
  if (LLVMGetTypeKind(LLVMTypeOf(dq)) != LLVMFloatTypeKind) {
    snprintf(why, size, "the quantized array holds doubles, and the loop stage's kernels take "
                        "float");
    return 0;
  }
  *code = code_load(LLVMGetOperand(dq, 0), 0);
  if (!*code) /* per row the scale is a load too: either operand */
    *code = code_load(LLVMGetOperand(dq, 1), 0);
  if (!*code || !(p->table = params_table(s, LLVMGetMetadata(dq, s->dq_kind), p))) {
    snprintf(why, size, "the dequantization was reshaped by earlier passes");
    return 0;
  }
  return 1;
}

/* The addresses of the two factors (w: codes; x: floats, or codes too),
 * affine in the loops, and how far each steps in loop h. */
static int affine_operands(stage *s, LLVMBasicBlockRef h, LLVMValueRef w_addr,
                           LLVMValueRef x_addr, product *p, char *why, size_t size) {
  if (!affq_scev_affine(s->c, w_addr, &p->w) || !affq_scev_affine(s->c, x_addr, &p->x)) {
    snprintf(why, size, "an address is not affine in the loops with constant strides");
    return 0;
  }
  p->w_step = step_in(&p->w, h);
  p->x_step = step_in(&p->x, h);
  return 1;
}

/* acc += dq(A[..]) * dq(B[..]): both factors quantized (A and B may be one
 * array). The int8 dot takes it when each has one scale and zero point and
 * the loop reads both one code after the next. */
static int match_both_quantized(stage *s, LLVMBasicBlockRef h, LLVMValueRef a, LLVMValueRef b,
                                product *p, char *why, size_t size) {
  LLVMValueRef code_a, code_b;
  product other = {0};
  if (!dequantized_codes(s, a, p, &code_a, why, size) ||
      !dequantized_codes(s, b, &other, &code_b, why, size))
    return 0;
  if (p->per_row || other.per_row) {
    snprintf(why, size, "both factors are quantized arrays, and the int8 dot of two arrays "
                        "takes per-tensor parameters only (this one is per row)");
    return 0;
  }
  p->table_x = other.table;
  p->w_load = code_a, p->x_load = code_b;
  if (!affine_operands(s, h, LLVMGetOperand(code_a, 0), LLVMGetOperand(code_b, 0), p, why, size))
    return 0;
  if (p->w_step != 1 || p->x_step != 1) {
    snprintf(why, size,
             "both factors are quantized arrays, and the loop steps %lld and %lld bytes through "
             "their codes (the int8 dot of two arrays needs 1 and 1)",
             (long long)p->w_step, (long long)p->x_step);
    return 0;
  }
  return 1;
}

/* The factors of the product v (a tree of float multiplies in loop h): its
 * leaves, the dequantized codes (tagged !affq.dq) taken whole.  0 if more
 * than MAX_LEAVES. */
int leaves_of(stage *s, LLVMBasicBlockRef h, LLVMValueRef v, LLVMValueRef *leaf, int *n) {
  if (opcode_is(v, LLVMFMul) && in_loop(s, h, v) && !LLVMGetMetadata(v, s->dq_kind))
    return leaves_of(s, h, LLVMGetOperand(v, 0), leaf, n) &&
           leaves_of(s, h, LLVMGetOperand(v, 1), leaf, n);
  if (*n == MAX_LEAVES)
    return 0;
  leaf[(*n)++] = v;
  return 1;
}

/* Fill p from the term t of the sum in loop h, or say why it is no product
 * of a quantized array and floats, or of two quantized arrays, times scalar
 * factors the same on every iteration (alpha * A[i][j] * x[j]). */
static int match_term(stage *s, LLVMBasicBlockRef h, LLVMValueRef t, product *p, char *why,
                      size_t size) {
  if (LLVMIsAInstruction(t) && LLVMGetMetadata(t, s->dq_kind)) { /* acc += W[i] */
    snprintf(why, size, "the sum adds the quantized array's values themselves, not products");
    return 0;
  }
  if (!(opcode_is(t, LLVMFMul) || is_fmuladd(t)) || !in_loop(s, h, t)) {
    snprintf(why, size, "the sum's term is not a product");
    return 0;
  }
  LLVMValueRef leaf[MAX_LEAVES], dq[MAX_LEAVES], xv = NULL;
  int n = 0, n_dq = 0, n_other = 0;
  if (!leaves_of(s, h, LLVMGetOperand(t, 0), leaf, &n) ||
      !leaves_of(s, h, LLVMGetOperand(t, 1), leaf, &n)) {
    snprintf(why, size, "the sum's term is a product of more than %d factors", MAX_LEAVES);
    return 0;
  }
  p->n_factors = 0;
  for (int k = 0; k < n; k++) {
    if (LLVMIsAInstruction(leaf[k]) && LLVMGetMetadata(leaf[k], s->dq_kind))
      dq[n_dq++] = leaf[k];
    else if (!in_loop(s, h, leaf[k]) && p->n_factors < 4)
      p->factor[p->n_factors++] = leaf[k]; /* alpha: the same on every iteration */
    else
      xv = leaf[k], n_other++;
  }
  if (n_dq == 2 && !n_other)
    return match_both_quantized(s, h, dq[0], dq[1], p, why, size);
  if (!n_dq) {
    snprintf(why, size, "no factor of the product is read from a quantized array");
    return 0;
  }
  if (n_dq != 1 || n_other != 1) {
    snprintf(why, size, "the product has %d factors read from quantized arrays and %d other "
                        "factors that change in the loop (a kernel takes one of each, or two "
                        "quantized, times factors the same on every iteration)", n_dq, n_other);
    return 0;
  }
  if (!LLVMIsALoadInst(xv) || LLVMGetVolatile(xv) || !in_loop(s, h, xv)) {
    snprintf(why, size, "the other factor is not a float loaded in the loop");
    return 0;
  }
  LLVMValueRef code;
  if (!dequantized_codes(s, dq[0], p, &code, why, size))
    return 0;
  p->w_load = code, p->x_load = xv;
  if (!affine_operands(s, h, LLVMGetOperand(code, 0), LLVMGetOperand(xv, 0), p, why, size))
    return 0;
  if (p->x_step != 4 || p->w_step < 1) {
    snprintf(why, size,
             "the loop steps %lld bytes through the floats and %lld through the codes "
             "(a product kernel needs 4, and 1 or a row)",
             (long long)p->x_step, (long long)p->w_step);
    return 0;
  }
  p->transposed = p->w_step != 1;
  return 1;
}

/* The inner loop: nothing written, no result but the sum, a known trip count.
 * Values of the loop used after it must all be the sum (acc or acc + t). */
static int check_inner(stage *s, product *p, char *why, size_t size) {
  LLVMBasicBlockRef h = p->loop;
  if (!affq_loop_preheader(s->c, h) || !affq_loop_exit(s->c, h)) {
    snprintf(why, size, "the loop has no preheader or more than one exit");
    return 0;
  }
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(s->fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    if (!affq_loop_contains(s->c, h, bb))
      continue;
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
      if ((LLVMIsAStoreInst(i) && i != p->store) || writes_unknown(i) ||
          (LLVMIsALoadInst(i) && LLVMGetVolatile(i))) {
        snprintf(why, size, "the loop writes memory or calls a function");
        return 0;
      }
      int a_sum = 0; /* this product's sum, or another sum of the loop */
      for (int k = 0; k < 2 * p->n_sums; k++)
        a_sum |= i == p->sums[k];
      if (a_sum)
        continue;
      if (used_after(s, h, i)) {
        snprintf(why, size, "the loop computes other values used after it");
        return 0;
      }
    }
  }
  for (LLVMValueRef i = LLVMGetFirstInstruction(affq_loop_exit(s->c, h)); i && LLVMIsAPHINode(i);
       i = LLVMGetNextInstruction(i))
    if (LLVMCountIncoming(i) != 1) {
      snprintf(why, size, "the block after the loop is also reached from elsewhere");
      return 0;
    }
  uint64_t n;
  if (!affq_loop_trip_count(s->c, h, h, NULL, &n, NULL)) {
    snprintf(why, size, "its trip count is unknown");
    return 0;
  }
  p->n = n;
  return 1;
}

/* ---- the loops around it ------------------------------------------------------- */

/* What an outer loop does to the two addresses. */
typedef enum { ROLE_NONE, ROLE_ROWS, ROLE_BATCH } role;

static role role_of(const product *p, LLVMBasicBlockRef loop) {
  int64_t w = step_in(&p->w, loop), x = step_in(&p->x, loop);
  if (!p->n)
    return ROLE_NONE;
  if (x == 0 && w == (p->transposed ? 1 : (int64_t)p->n))
    return ROLE_ROWS; /* next weight row (or column), same x */
  if (w == 0 && x == (int64_t)(4 * p->n))
    return ROLE_BATCH; /* same weights, next row of X */
  return ROLE_NONE;
}

/* What the user calls the memory ptr points into: "'y'" for a global,
 * "parameter 2 of 'f'" for an argument, else a description. */
void name_memory(LLVMValueRef ptr, char *buf, size_t size) {
  LLVMValueRef o = affq_underlying_object(ptr);
  size_t len = 0;
  const char *name = LLVMGetValueName2(o, &len);
  if (LLVMIsAGlobalVariable(o) && len) {
    snprintf(buf, size, "'%.*s'", (int)len, name);
  } else if (LLVMIsAArgument(o)) {
    LLVMValueRef f = LLVMGetParamParent(o);
    unsigned k = 1;
    for (LLVMValueRef a = LLVMGetFirstParam(f); a && a != o; a = LLVMGetNextParam(a))
      k++;
    char fn[256];
    size_t flen;
    affq_user_function_name(f, fn, sizeof fn);
    LLVMGetValueName2(f, &flen);
    if (flen != strlen(fn)) /* a copy affq made: its parameters are not the user's */
      snprintf(buf, size, "a pointer parameter of '%s'", fn);
    else
      snprintf(buf, size, "parameter %u of '%s'", k, fn);
  } else {
    snprintf(buf, size, "%s", LLVMIsAAllocaInst(o) ? "a local array" : "memory reached through a pointer");
  }
}

/* May anything in loop h, outside the inner loop, write W or x? */
static int writes_operands(stage *s, LLVMBasicBlockRef h, const product *p, char *why, size_t size) {
  LLVMValueRef i = clobber_in(s, h, p->loop, p->w_load, p->x_load);
  if (i && !LLVMIsAStoreInst(i)) {
    snprintf(why, size, "a call in the loop nest may write the operands");
  } else if (i) {
    char dst[300], src[300];
    name_memory(LLVMGetOperand(i, 1), dst, sizeof dst);
    name_memory(LLVMGetOperand(affq_may_alias(s->c, i, p->w_load) ? p->w_load : p->x_load, 0), src,
                sizeof src);
    snprintf(why, size,
             "the store to %s in the loop nest may write %s, which the product reads "
             "(declare the pointers restrict, or use distinct arrays)",
             dst, src);
  }
  return i != NULL;
}

/* ---- rewriting --------------------------------------------------------------- */

LLVMValueRef i64c(stage *s, uint64_t v) { return LLVMConstInt(s->i64, v, 0); }

/* A float buffer of `count` in the entry block. */
LLVMValueRef entry_buffer(stage *s, uint64_t count) {
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(s->fn);
  LLVMPositionBuilderBefore(s->b, LLVMGetFirstInstruction(entry));
  LLVMValueRef buf = LLVMBuildAlloca(s->b, LLVMArrayType2(s->f32, count), "affq.products");
  LLVMSetAlignment(buf, 64);
  return buf;
}

/* &table[row of the first code], for per-row weights. */
LLVMValueRef params_at(stage *s, const product *p, const affq_affine *w_start,
                              LLVMValueRef before) {
  if (!p->per_row)
    return p->table;
  affq_affine t = *w_start;
  t.base = p->table;
  t.offset = (w_start->offset / (int64_t)p->cols) * (int64_t)sizeof(affq_qparams);
  for (int i = 0; i < t.n; i++)
    t.step[i] = (w_start->step[i] / (int64_t)p->cols) * (int64_t)sizeof(affq_qparams);
  return affq_expand_affine(s->c, &t, before);
}

/* Per-row weights: every start of a row block is a whole row. */
static int rows_aligned(const product *p, const affq_affine *w_start) {
  if (!p->per_row)
    return 1;
  if (!p->cols || w_start->start || w_start->offset % (int64_t)p->cols)
    return 0;
  for (int i = 0; i < w_start->n; i++)
    if (w_start->step[i] % (int64_t)p->cols)
      return 0;
  return LLVMIsAGlobalVariable(p->w.base) || LLVMIsAAllocaInst(p->w.base);
}

static void replace_sum(stage *s, product *p, LLVMValueRef result);
static void erase_dead(LLVMValueRef v);

/* d times the scalar factors taken out of the sum: sum(alpha w x) is
 * alpha sum(w x), up to the reordering the mark allows. */
static LLVMValueRef scaled(stage *s, const product *p, LLVMValueRef d) {
  for (int k = 0; k < p->n_factors; k++)
    d = LLVMBuildFMul(s->b, d, p->factor[k], "affq.scaled");
  return d;
}

/*
 * Replace the inner loop.  levels: the inner loop and 0, 1 or 2 loops around
 * it (outer[0] the nearer), with their roles and constant trip counts.
 */
static void rewrite(stage *s, product *p, int n_outer, LLVMBasicBlockRef *outer, role *roles,
                    uint64_t *trips, int dynamic) {
  LLVMBasicBlockRef top = n_outer ? outer[n_outer - 1] : p->loop;
  LLVMValueRef before = p->at ? p->at : LLVMGetBasicBlockTerminator(affq_loop_preheader(s->c, top));
  LLVMBasicBlockRef drop[3] = {p->loop, n_outer > 0 ? outer[0] : NULL, n_outer > 1 ? outer[1] : NULL};
  affq_affine w0 = without(&p->w, drop, 1 + n_outer), x0 = without(&p->x, drop, 1 + n_outer);

  uint64_t rows = 1, m = 1;
  int rows_at = -1;
  for (int i = 0; i < n_outer; i++) {
    if (roles[i] == ROLE_ROWS)
      rows = trips[i], rows_at = i;
    else
      m = trips[i];
  }
  uint64_t dummy;
  LLVMValueRef n;
  affq_loop_trip_count(s->c, p->loop, top, before, &dummy, &n);
  LLVMValueRef wp = affq_expand_affine(s->c, &w0, before);
  LLVMValueRef xp = affq_expand_affine(s->c, &x0, before);
  LLVMValueRef pw = params_at(s, p, &w0, before);
  LLVMValueRef buf = entry_buffer(s, rows * m);

  /* affq_loop_product(transposed, w, pw, per_row, rows, cols, x, m, y, flags);
   * transposed: W is n x rows and the call's rows/cols are k/n. */
  LLVMPositionBuilderBefore(s->b, before);
  int per_row_call = p->per_row && (rows_at >= 0 || p->transposed);
  LLVMValueRef args[10] = {LLVMConstInt(s->i32, (unsigned)p->transposed, 0),
                           wp,
                           pw,
                           LLVMConstInt(s->i32, (unsigned)per_row_call, 0),
                           p->transposed ? n : i64c(s, rows),
                           p->transposed ? i64c(s, rows) : n,
                           xp,
                           i64c(s, m),
                           buf,
                           LLVMConstInt(s->i32, dynamic ? AFFQ_DYNAMIC : 0, 0)};
  affq_build_runtime_call(s->b, s->M, LLVMVoidTypeInContext(s->ctx), "affq_loop_product", args, 10);

  /* acc after the loop = init + buf[batch * rows + row] */
  LLVMValueRef at = p->at ? p->at : LLVMGetBasicBlockTerminator(affq_loop_preheader(s->c, p->loop));
  affq_affine y = {.base = buf, .offset = 0, .start = NULL, .n = 0};
  for (int i = n_outer - 1; i >= 0; i--) { /* outermost first */
    y.loop[y.n] = outer[i];
    y.step[y.n++] = i == rows_at ? 4 : (int64_t)(4 * rows);
  }
  LLVMValueRef yp = affq_expand_affine(s->c, &y, at);
  LLVMPositionBuilderBefore(s->b, at);
  LLVMValueRef d = LLVMBuildLoad2(s->b, s->f32, yp, "affq.product");
  replace_sum(s, p, LLVMBuildFAdd(s->b, p->init, scaled(s, p, d), "affq.sum"));
}

/* Both quantized: init + the int8 dot, computed in the loop's preheader. */
static void rewrite_both_quantized(stage *s, product *p) {
  LLVMValueRef before = p->at ? p->at : LLVMGetBasicBlockTerminator(affq_loop_preheader(s->c, p->loop));
  LLVMBasicBlockRef drop[1] = {p->loop};
  affq_affine a0 = without(&p->w, drop, 1), b0 = without(&p->x, drop, 1);
  uint64_t constant;
  LLVMValueRef n;
  affq_loop_trip_count(s->c, p->loop, p->loop, before, &constant, &n);
  LLVMValueRef ap = affq_expand_affine(s->c, &a0, before);
  LLVMValueRef bp = affq_expand_affine(s->c, &b0, before);
  LLVMValueRef args[5] = {ap, p->table, bp, p->table_x, n};
  LLVMPositionBuilderBefore(s->b, before);
  LLVMValueRef d = affq_build_runtime_call(s->b, s->M, s->f32, "affq_loop_dot_q8q8", args, 5);
  replace_sum(s, p, LLVMBuildFAdd(s->b, p->init, scaled(s, p, d), "affq.sum"));
}

/* The sum's value after the loop is now `result`: point every use outside
 * the loop at it (LCSSA phis included).  The caller deletes the loop, or
 * drops the sum from it. */
static void replace_sum(stage *s, product *p, LLVMValueRef result) {
  LLVMBasicBlockRef exit = affq_loop_exit(s->c, p->loop);
  if (p->store) { /* the bypass: store the sum, and go to the exit with it */
    affq_affine a;
    affq_scev_affine(s->c, LLVMGetOperand(p->store, 1), &a);
    LLVMValueRef to = affq_expand_affine(s->c, &a, p->at);
    LLVMPositionBuilderBefore(s->b, p->at);
    LLVMSetAlignment(LLVMBuildStore(s->b, result, to), LLVMGetAlignment(p->store));
    LLVMBasicBlockRef from = LLVMGetInstructionParent(p->at);
    for (LLVMValueRef i = LLVMGetFirstInstruction(exit); i && LLVMIsAPHINode(i);
         i = LLVMGetNextInstruction(i)) {
      LLVMValueRef v = LLVMGetIncomingValue(i, 0);
      LLVMValueRef in = v == p->add || v == p->phi ? result
                        : in_loop(s, p->loop, v)   ? LLVMGetPoison(LLVMTypeOf(i)) /* unused */
                                                   : v;
      LLVMAddIncoming(i, &in, &from, 1);
    }
    return;
  }
  for (LLVMValueRef i = LLVMGetFirstInstruction(exit); i && LLVMIsAPHINode(i);) {
    LLVMValueRef next = LLVMGetNextInstruction(i);
    LLVMValueRef v = LLVMGetIncomingValue(i, 0);
    if (v == p->add || v == p->phi)
      LLVMReplaceAllUsesWith(i, result);
    else if (!in_loop(s, p->loop, v))
      LLVMReplaceAllUsesWith(i, v);
    if (!LLVMGetFirstUse(i))
      LLVMInstructionEraseFromParent(i);
    i = next;
  }
  LLVMValueRef sums[2] = {p->add, p->phi};
  for (int k = 0; k < 2; k++)
    for (LLVMUseRef u = LLVMGetFirstUse(sums[k]), nu; u; u = nu) {
      nu = LLVMGetNextUse(u);
      LLVMValueRef user = LLVMGetUser(u);
      if (!in_loop(s, p->loop, user))
        for (unsigned op = 0; op < (unsigned)LLVMGetNumOperands(user); op++)
          if (LLVMGetOperand(user, op) == sums[k])
            LLVMSetOperand(user, op, result);
    }
}

/* The loop stays for its other sums: take this one's out of it (its phi,
 * its add, and what only they used: the code loads and their casts). */
static void drop_sum(const product *p) {
  LLVMReplaceAllUsesWith(p->phi, LLVMGetPoison(LLVMTypeOf(p->phi)));
  LLVMInstructionEraseFromParent(p->phi);
  erase_dead(p->add);
}

/* ---- dequantizing once ---------------------------------------------------------- */

/*
 * Codes that an inner loop reads again on every iteration of the loop around
 * it (an 18-tap filter's taps, say) sit in cache either way, so a kernel call
 * per row buys nothing, and inline dequantization pays a convert and a
 * multiply for each use where the float program loads a float.  Such codes
 * are dequantized once, into a float buffer before the outer loop, with the
 * one definition of the math (affq_dequantize); the inner loop reads floats,
 * and after full unrolling the vectorizer runs across the outer loop as it
 * does for the float program.  Bit for bit the same values as inline.
 */

/* Erase v, then each operand left unused that has no effect of its own (the
 * code load and its casts). */
static void erase_dead(LLVMValueRef v) {
  LLVMValueRef ops[4];
  unsigned n = (unsigned)LLVMGetNumOperands(v);
  for (unsigned k = 0; k < n && k < 4; k++)
    ops[k] = LLVMGetOperand(v, k);
  LLVMInstructionEraseFromParent(v);
  for (unsigned k = 0; k < n && k < 4; k++)
    if (LLVMIsAInstruction(ops[k]) && !LLVMGetFirstUse(ops[k]) &&
        (LLVMIsACastInst(ops[k]) || LLVMIsABinaryOperator(ops[k]) ||
         (LLVMIsALoadInst(ops[k]) && !LLVMGetVolatile(ops[k]) &&
          LLVMGetOrdering(ops[k]) == LLVMAtomicOrderingNotAtomic)))
      erase_dead(ops[k]);
}


/* The codes under dq, read one after the next by inner loop h on every
 * iteration, from the same place on every iteration of outer loop o, n of
 * them: dequantize them once before o and read the floats.  1 if done. */
static int hoist_one(stage *s, LLVMBasicBlockRef h, LLVMBasicBlockRef o, LLVMValueRef dq) {
  product q = {0};
  LLVMValueRef code;
  char why[8];
  affq_affine a;
  uint64_t n;
  if (!dequantized_codes(s, dq, &q, &code, why, sizeof why) || q.per_row ||
      !affq_scev_affine(s->c, LLVMGetOperand(code, 0), &a) || step_in(&a, h) != 1 ||
      step_in(&a, o) != 0 || !affq_affine_invariant_in(s->c, &a, o) ||
      !affq_loop_trip_count(s->c, h, o, NULL, &n, NULL) || !n || n > MAX_HOIST ||
      !affq_dominates(s->c, LLVMGetInstructionParent(code), affq_loop_latch(s->c, h)) ||
      !affq_dominates(s->c, affq_loop_preheader(s->c, h), affq_loop_latch(s->c, o)) ||
      clobber_in(s, o, NULL, code, NULL))
    return 0;
  for (int i = 0; i < a.n; i++) /* every loop it steps in must be h, or around o */
    if (a.loop[i] != h && affq_loop_contains(s->c, o, a.loop[i]))
      return 0;
  LLVMValueRef before = LLVMGetBasicBlockTerminator(affq_loop_preheader(s->c, o));
  LLVMBasicBlockRef drop[1] = {h};
  affq_affine a0 = without(&a, drop, 1);
  LLVMValueRef start = affq_expand_affine(s->c, &a0, before);
  LLVMValueRef buf = entry_buffer(s, n);
  LLVMPositionBuilderBefore(s->b, before);
  LLVMValueRef args[4] = {start, buf, i64c(s, n), q.table};
  affq_build_runtime_call(s->b, s->M, s->i32, "affq_dequantize", args, 4);
  /* dq's value is buf[iteration of h] */
  affq_affine f = {.base = buf, .offset = 0, .start = NULL, .n = 1};
  f.loop[0] = h;
  f.step[0] = 4;
  LLVMValueRef at = affq_expand_affine(s->c, &f, dq);
  LLVMPositionBuilderBefore(s->b, dq);
  LLVMValueRef v = LLVMBuildLoad2(s->b, s->f32, at, "affq.dequantized");
  LLVMReplaceAllUsesWith(dq, v);
  erase_dead(dq);
  return 1;
}

/* Dequantize once each array that marked inner loop h reads the same way on
 * every iteration of the loop around it.  Returns how many. */
static int hoist_dequant(stage *s, LLVMBasicBlockRef h) {
  LLVMBasicBlockRef o = affq_loop_parent(s->c, h);
  const char *file;
  unsigned line;
  if (!o || !affq_loop_preheader(s->c, o) || !affq_loop_latch(s->c, o) ||
      !affq_loop_mark(s->c, o, &file, &line))
    return 0;
  LLVMValueRef dqs[64];
  int n = 0, done = 0;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(s->fn); bb; bb = LLVMGetNextBasicBlock(bb))
    if (affq_loop_contains(s->c, h, bb))
      for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i && n < 64; i = LLVMGetNextInstruction(i))
        if (LLVMGetMetadata(i, s->dq_kind))
          dqs[n++] = i;
  for (int k = 0; k < n; k++)
    done += hoist_one(s, h, o, dqs[k]);
  return done;
}

/* Would a kernel call lose to the loop as written?  When it replaces the
 * inner loop alone and the weights it reads are the same on every iteration
 * of the loop around it: see hoist_one. */
static int weights_reused(stage *s, const product *p) {
  LLVMBasicBlockRef o = affq_loop_parent(s->c, p->loop);
  return o && !p->table_x && p->n && p->n <= MAX_HOIST && step_in(&p->w, o) == 0 &&
         affq_affine_invariant_in(s->c, &p->w, o);
}

/* ---- driver ------------------------------------------------------------------- */

/* The mark on h (NULL: not in a marked loop), with where its marker is,
 * and the outermost loop of the marked nest around h. */
const char *mark_of(stage *s, LLVMBasicBlockRef h, LLVMBasicBlockRef *marked,
                           const char **file, unsigned *line) {
  const char *m = affq_loop_mark(s->c, h, file, line);
  const char *f;
  unsigned l;
  *marked = h;
  for (LLVMBasicBlockRef o = affq_loop_parent(s->c, h); m && o && affq_loop_mark(s->c, o, &f, &l);
       o = affq_loop_parent(s->c, o))
    *marked = o;
  return m;
}

/* Try the product in innermost loop h.  Returns 1 if the loop was replaced. */
/* The loops taken in around the inner one: rows and batch, outermost last. */
typedef struct {
  LLVMBasicBlockRef loop[2];
  role roles[2];
  uint64_t trips[2];
  int n, have_rows, have_batch;
  char why[300]; /* why no further loop was taken in ("" if none was left) */
} nest;

/* Take in up to two loops around p's, as long as each is a rows or batch
 * loop with a constant trip count that runs the inner loop on every
 * iteration and writes neither operand. */
static void take_outer_loops(stage *s, product *p, LLVMBasicBlockRef marked, nest *n) {
  for (LLVMBasicBlockRef h = p->loop; n->n < 2 && h != marked;) {
    LLVMBasicBlockRef o = affq_loop_parent(s->c, h);
    if (!o || affq_loop_subloops(s->c, o) != 1 || !affq_loop_preheader(s->c, o)) {
      snprintf(n->why, sizeof n->why, "the loop around it %s",
               !o ? "is not there"
                  : affq_loop_subloops(s->c, o) != 1 ? "holds other loops too" : "has no preheader");
      return;
    }
    if (step_in(&p->w, o) == 0 && !affq_affine_invariant_in(s->c, &p->w, o)) {
      snprintf(n->why, sizeof n->why,
               "the loop around it moves through the codes by a stride known only at run time, "
               "so each of its iterations is one call");
      return;
    }
    role r = role_of(p, o);
    if (r == ROLE_NONE || (r == ROLE_ROWS && n->have_rows) || (r == ROLE_BATCH && n->have_batch) ||
        (r == ROLE_BATCH && p->transposed && !n->have_rows)) {
      snprintf(n->why, sizeof n->why,
               "the loop around it steps %lld bytes through the codes and %lld through the "
               "floats, neither the next row nor the next vector",
               (long long)step_in(&p->w, o), (long long)step_in(&p->x, o));
      return;
    }
    uint64_t t, inner_t;
    if (!affq_loop_trip_count(s->c, o, o, NULL, &t, NULL) || !t ||
        !affq_loop_trip_count(s->c, p->loop, o, NULL, &inner_t, NULL)) {
      snprintf(n->why, sizeof n->why,
               "the loop around it has no constant trip count, or changes the inner one");
      return;
    }
    if (!affq_dominates(s->c, affq_loop_preheader(s->c, h), affq_loop_latch(s->c, o))) {
      snprintf(n->why, sizeof n->why, "the loop around it does not run it on every iteration");
      return;
    }
    uint64_t total = t;
    for (int i = 0; i < n->n; i++)
      total *= n->trips[i];
    if (total > MAX_BUFFER) {
      snprintf(n->why, sizeof n->why, "more than %d results", MAX_BUFFER);
      return;
    }
    if (writes_operands(s, o, p, n->why, sizeof n->why))
      return;
    n->loop[n->n] = o, n->roles[n->n] = r, n->trips[n->n++] = t;
    n->have_rows |= r == ROLE_ROWS, n->have_batch |= r == ROLE_BATCH;
    h = o;
    if (o == marked)
      return;
  }
}

/* Both base addresses must be the same for every iteration of the loops
 * taken in (scalar evolution sees a pointer loaded in an outer loop as a
 * new base, not as a stride): give back the loops where they are not. */
static void drop_variant_bases(stage *s, product *p, nest *n) {
  while (n->n && (!affq_affine_invariant_in(s->c, &p->w, n->loop[n->n - 1]) ||
                  !affq_affine_invariant_in(s->c, &p->x, n->loop[n->n - 1]))) {
    snprintf(n->why, sizeof n->why,
             "an operand's base address is computed inside the loop around it");
    if (n->roles[--n->n] == ROLE_ROWS)
      n->have_rows = 0;
    else
      n->have_batch = 0;
  }
}

/* 1: the loop was replaced by a kernel call; 0: it cannot be (why says
 * why); KEEP_INLINE: it could, but the call would lose (why says why). */
enum { KEEP_INLINE = 2 };
static int try_product(stage *s, product *p, LLVMBasicBlockRef marked, const affq_loop_options *lo,
                       char *what, size_t what_size, char *why, size_t size) {
  int dynamic = lo->dynamic;
  if (!check_inner(s, p, why, size))
    return 0;
  if (p->table_x) { /* both quantized: the dot alone; loops around it stay */
    snprintf(what, what_size, "dot product of two quantized arrays");
    *why = 0;
    rewrite_both_quantized(s, p);
    return 1;
  }
  nest n;
  memset(&n, 0, sizeof n);
  take_outer_loops(s, p, marked, &n);
  drop_variant_bases(s, p, &n);
  /* transposed: W[k][j], j the rows loop, walking every column of W */
  if (p->transposed && n.have_rows &&
      p->w_step != (int64_t)n.trips[n.roles[0] == ROLE_ROWS ? 0 : 1]) {
    snprintf(n.why, sizeof n.why, "a column walk must cover every column of the matrix");
    n.n = 0;
  }
  if (p->transposed && !n.n) {
    snprintf(why, size, "it reads the quantized array down a column, and no loop around it "
                        "walks the columns%s%s", *n.why ? ": " : "", n.why);
    return 0;
  }
  if (!n.n && lo->kernel == AFFQ_KERNEL_AUTO && weights_reused(s, p)) {
    snprintf(why, size,
             "the loop around it reads the same %llu weights on every iteration, so they stay in "
             "cache and a kernel call per iteration would lose to the loop as written",
             (unsigned long long)p->n);
    snprintf(what, what_size, "dot product");
    return KEEP_INLINE;
  }
  LLVMBasicBlockRef drop[3] = {p->loop, n.n > 0 ? n.loop[0] : NULL, n.n > 1 ? n.loop[1] : NULL};
  affq_affine w0 = without(&p->w, drop, 1 + n.n);
  if (!rows_aligned(p, &w0) ||
      (p->per_row && (p->transposed ? p->w_step != (int64_t)p->cols : p->n != p->cols))) {
    snprintf(why, size, "per-row weights, but the loop does not cover whole rows");
    return 0;
  }
  static const char *shapes[2][4] = {{"dot product", "matrix-vector product", "matrix-vector product",
                                      "matrix product"},
                                     {"", "transposed matrix-vector product", "",
                                      "transposed matrix product"}};
  snprintf(what, what_size, "%s",
           shapes[p->transposed][(n.have_rows ? 1 : 0) + (n.have_batch ? 2 : 0)]);
  snprintf(why, size, "%s", n.why);
  rewrite(s, p, n.n, n.loop, n.roles, n.trips, dynamic);
  return 1;
}

enum { MAX_SUMS = 8 };

/* Is user a store of v to the same place on every iteration of loop h? */
static int stored_in_place(stage *s, LLVMBasicBlockRef h, LLVMValueRef user, LLVMValueRef v) {
  affq_affine a;
  return LLVMIsAStoreInst(user) && LLVMGetOperand(user, 0) == v &&
         affq_scev_affine(s->c, LLVMGetOperand(user, 1), &a) && step_in(&a, h) == 0 &&
         affq_affine_invariant_in(s->c, &a, h);
}

/* One float sum of an innermost loop: acc = phi(init, acc + term), and
 * for a sum kept in memory as well, the store of acc + term. */
typedef struct {
  LLVMValueRef phi, add, term, init, store;
} sum;

/* The sums in innermost loop h: acc = phi(init, acc + t), and each term t
 * (for fmuladd(a, b, acc), the call itself).  *running: a sum whose partial
 * values the loop also uses (no reduction) was left out; 2 if it is only
 * stored, in place, on every iteration: then *mem is the first such. */
static int find_sums(stage *s, LLVMBasicBlockRef h, sum *out, int *running, sum *mem) {
  int n = 0;
  *running = 0;
  memset(mem, 0, sizeof *mem);
  LLVMBasicBlockRef latch = affq_loop_latch(s->c, h), pre = affq_loop_preheader(s->c, h);
  for (LLVMValueRef i = LLVMGetFirstInstruction(h); i && LLVMIsAPHINode(i) && n < MAX_SUMS;
       i = LLVMGetNextInstruction(i)) {
    LLVMTypeKind k = LLVMGetTypeKind(LLVMTypeOf(i)); /* double sums are reordered, no kernel */
    if ((k != LLVMFloatTypeKind && k != LLVMDoubleTypeKind) || LLVMCountIncoming(i) != 2 || !latch ||
        !pre)
      continue;
    int from_latch = LLVMGetIncomingBlock(i, 0) == latch ? 0 : 1;
    LLVMValueRef add = LLVMGetIncomingValue(i, (unsigned)from_latch), term;
    if (LLVMGetIncomingBlock(i, (unsigned)!from_latch) != pre || !in_loop(s, h, add))
      continue;
    if (is_fmuladd(add) && LLVMGetOperand(add, 2) == i) /* clang's contraction of acc += a * b */
      term = add;
    else if (opcode_is(add, LLVMFAdd) && (LLVMGetOperand(add, 0) == i || LLVMGetOperand(add, 1) == i))
      term = LLVMGetOperand(add, 0) == i ? LLVMGetOperand(add, 1) : LLVMGetOperand(add, 0);
    else
      continue;
    /* the sum's only use in the loop is the add */
    int other = 0, stored = 1;
    LLVMValueRef both[2] = {i, add}, store = NULL;
    for (int k = 0; k < 2; k++)
      for (LLVMUseRef u = LLVMGetFirstUse(both[k]); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);
        if (user == both[!k] || !in_loop(s, h, user))
          continue;
        other++;
        stored &= stored_in_place(s, h, user, both[k]);
        store = k == 1 ? user : NULL; /* acc + t stored, not acc */
      }
    sum found = {i, add, term, LLVMGetIncomingValue(i, (unsigned)!from_latch), NULL};
    if (other) {
      /* 2: y[i] += ... kept in memory as well (the store may write what
       * the loop reads), else 1: a running sum */
      *running = *running == 2 || stored ? 2 : 1;
      if (stored && other == 1 && store && !mem->phi &&
          affq_dominates(s->c, LLVMGetInstructionParent(store), latch))
        *mem = found, mem->store = store;
      continue;
    }
    out[n++] = found;
  }
  return n;
}

/* One sum of marked inner loop h: a kernel call (1), kept inline by choice
 * (KEEP_INLINE) or not a product (0), with what and why. */
static int stage_sum(stage *s, LLVMBasicBlockRef h, LLVMBasicBlockRef marked,
                     const affq_loop_options *lo, const sum *u, const LLVMValueRef *all, int n_all,
                     product *p, char *what, size_t what_size, char *why, size_t size) {
  memset(p, 0, sizeof *p);
  p->loop = h, p->phi = u->phi, p->add = u->add, p->init = u->init;
  p->sums = all, p->n_sums = n_all;
  LLVMSetFastMathFlags(u->add, LLVMGetFastMathFlags(u->add) | LLVMFastMathAllowReassoc);
  if (lo->kernel == AFFQ_KERNEL_OFF) {
    snprintf(why, size, "kernel=off");
    return 0;
  }
  if (!match_term(s, h, u->term, p, why, size))
    return 0;
  return try_product(s, p, marked, lo, what, what_size, why, size);
}

/* What became of one sum, at the marker's line. */
static void say_sum(stage *s, const char *file, unsigned line, int k, int n, int r,
                    const product *p, const affq_loop_options *lo, const char *what,
                    const char *why, int hoisted) {
  char msg[700], which[32] = "";
  if (n > 1)
    snprintf(which, sizeof which, " (sum %d of %d)", k + 1, n);
  const char *once = hoisted ? "; the weights are dequantized once, before the loop around it" : "";
  if (r == 1)
    snprintf(msg, sizeof msg, "marked loop%s: %s%s runs on the int8 kernel%s%s%s", which, what,
             p->per_row ? " (per-row weights)" : "",
             lo->dynamic && !p->table_x ? ", x quantized on each call" : "",
             *why ? "; not larger: " : "", why);
  else if (r == KEEP_INLINE)
    snprintf(msg, sizeof msg, "marked loop%s: %s stays inline (its sum may be reordered), not a "
                              "kernel call: %s%s", which, what, why, once);
  else
    snprintf(msg, sizeof msg, "marked loop%s stays element-wise (its sum may be reordered): "
                              "no product kernel: %s%s", which, why, once);
  affq_report(s->M, s->fn, r ? AFFQ_REMARK_PASSED : AFFQ_REMARK_MISSED, file, line,
              r == 1 ? "Product" : r ? "Inline" : "NoProduct", msg);
}

/* Before memory-sum loop h = p->loop runs: is the store's element, y[i],
 * apart from every operand range the loop reads that LLVM's alias analysis
 * cannot separate from it?  An i1 (NULL: nothing to check); names gets the
 * operands checked, as the remark names them. */
static LLVMValueRef apart_check(stage *s, const product *p, LLVMValueRef store, char *names,
                                size_t size) {
  LLVMBasicBlockRef h = p->loop;
  LLVMValueRef before = LLVMGetBasicBlockTerminator(affq_loop_preheader(s->c, h));
  LLVMBasicBlockRef drop[1] = {h};
  affq_affine y0, ops[2] = {without(&p->w, drop, 1), without(&p->x, drop, 1)};
  affq_scev_affine(s->c, LLVMGetOperand(store, 1), &y0);
  uint64_t constant;
  LLVMValueRef n;
  affq_loop_trip_count(s->c, h, h, before, &constant, &n);
  LLVMValueRef y = affq_expand_affine(s->c, &y0, before);
  LLVMValueRef loads[2] = {p->w_load, p->x_load};
  int64_t steps[2] = {p->w_step, p->x_step}, sizes[2] = {1, p->table_x ? 1 : 4};
  LLVMValueRef starts[2];
  for (int k = 0; k < 2; k++)
    starts[k] = affq_expand_affine(s->c, &ops[k], before);
  LLVMPositionBuilderBefore(s->b, before);
  LLVMValueRef yi = LLVMBuildPtrToInt(s->b, y, s->i64, "affq.y");
  LLVMValueRef y_end = LLVMBuildAdd(s->b, yi, i64c(s, 4), "affq.y.end");
  LLVMValueRef apart = NULL;
  for (int k = 0; k < 2; k++) {
    if (!affq_may_alias(s->c, store, loads[k]))
      continue;
    /* [start, start + (n - 1) * step + size) */
    LLVMValueRef lo_k = LLVMBuildPtrToInt(s->b, starts[k], s->i64, "affq.lo");
    LLVMValueRef last = LLVMBuildMul(s->b, LLVMBuildSub(s->b, n, i64c(s, 1), ""),
                                     i64c(s, (uint64_t)steps[k]), "");
    LLVMValueRef hi_k = LLVMBuildAdd(s->b, LLVMBuildAdd(s->b, lo_k, last, ""),
                                     i64c(s, (uint64_t)sizes[k]), "affq.hi");
    LLVMValueRef below = LLVMBuildICmp(s->b, LLVMIntULE, y_end, lo_k, "");
    LLVMValueRef above = LLVMBuildICmp(s->b, LLVMIntULE, hi_k, yi, "");
    LLVMValueRef outside = LLVMBuildOr(s->b, below, above, "affq.apart");
    apart = apart ? LLVMBuildAnd(s->b, apart, outside, "affq.apart") : outside;
    char name[200];
    name_memory(LLVMGetOperand(loads[k], 0), name, sizeof name);
    snprintf(names + strlen(names), size - strlen(names), "%s%s", *names ? " and " : "", name);
  }
  return apart;
}

/*
 * y[i] += W[i][j] * x[j] where LLVM could not prove y apart from x (or W):
 * the sum stays in memory, stored on every iteration, and the loop is no
 * reduction.  When y[i] overlaps nothing the loop reads, the loop leaves
 * init + the product there, as a sum in a register would.  So a check
 * before the loop (the ranges, at run time, as LoopVectorize checks before
 * its vector loop) sends it to a kernel call that stores that once;
 * otherwise the loop runs as written.  1 if done; else why says why not.
 */
static int stage_memory_sum(stage *s, LLVMBasicBlockRef h, const affq_loop_options *lo,
                            const sum *u, product *p, char *why, size_t size) {
  LLVMValueRef all[2] = {u->phi, u->add};
  memset(p, 0, sizeof *p);
  p->loop = h, p->phi = u->phi, p->add = u->add, p->init = u->init, p->store = u->store;
  p->sums = all, p->n_sums = 1;
  if (lo->kernel == AFFQ_KERNEL_OFF) {
    snprintf(why, size, "kernel=off");
    return 0;
  }
  if (!match_term(s, h, u->term, p, why, size) || !check_inner(s, p, why, size))
    return 0;
  if (p->transposed) {
    snprintf(why, size, "it reads the quantized array down a column");
    return 0;
  }
  if (p->per_row && p->n != p->cols) {
    snprintf(why, size, "per-row weights, but the loop does not cover whole rows");
    return 0;
  }
  if (lo->kernel == AFFQ_KERNEL_AUTO && weights_reused(s, p)) {
    snprintf(why, size, "the loop around it reads the same %llu weights on every iteration, so "
                        "a kernel call per iteration would lose to the loop as written",
             (unsigned long long)p->n);
    return 0;
  }
  char names[400] = "";
  LLVMValueRef apart = apart_check(s, p, u->store, names, sizeof names);
  if (!apart) /* nothing to check (LLVM kept the sum in memory for another reason) */
    apart = LLVMConstInt(LLVMInt1TypeInContext(s->ctx), 1, 0);
  LLVMBasicBlockRef bypass = affq_loop_bypass(s->c, h, apart);
  if (!bypass) {
    snprintf(why, size, "the loop has no plain preheader");
    return 0;
  }
  p->at = LLVMGetBasicBlockTerminator(bypass);
  if (p->table_x)
    rewrite_both_quantized(s, p);
  else
    rewrite(s, p, 0, NULL, NULL, NULL, lo->dynamic);
  char y_name[200];
  name_memory(LLVMGetOperand(u->store, 1), y_name, sizeof y_name);
  if (*names)
    snprintf(why, size, "a check at run time finds that the store to %s does not overlap %s; "
                        "otherwise the loop runs as written", y_name, names);
  else
    snprintf(why, size, "the sum is stored to %s", y_name);
  return 1;
}

/* Marked innermost loop h: each of its sums a kernel call where it wins;
 * the loop goes when no sum is left in it. */
static void stage_loop(stage *s, LLVMBasicBlockRef h) {
  LLVMBasicBlockRef marked;
  const char *file;
  unsigned line;
  const char *opts = mark_of(s, h, &marked, &file, &line);
  affq_loop_options lo;
  char err[200];
  if (affq_loop_options_parse(&lo, opts, err, sizeof err))
    lo.dynamic = 0, lo.kernel = AFFQ_KERNEL_AUTO; /* pass 1 reported it */
  sum sums[MAX_SUMS], mem;
  int running, n = find_sums(s, h, sums, &running, &mem);
  if (!n && mem.phi) {
    product p;
    char why[400], msg[600];
    if (stage_memory_sum(s, h, &lo, &mem, &p, why, sizeof why)) {
      snprintf(msg, sizeof msg, "marked loop: %s%s runs on the int8 kernel, kept in memory (y[i] "
                                "+= ...): %s",
               p.table_x ? "dot product of two quantized arrays" : "dot product",
               p.per_row ? " (per-row weights)" : "", why);
      affq_report(s->M, s->fn, AFFQ_REMARK_PASSED, file, line, "Product", msg);
      return;
    }
    hoist_dequant(s, h);
    snprintf(msg, sizeof msg, "%s (no kernel either: %s)", MEMORY_SUM, why);
    affq_report(s->M, s->fn, AFFQ_REMARK_MISSED, file, line, "NoProduct", msg);
    return;
  }
  if (!n && affq_try_update(s, h, &lo))
    return;
  if (!n) {
    hoist_dequant(s, h);
    affq_report(s->M, s->fn, AFFQ_REMARK_MISSED, file, line, "NoProduct",
                running == 2 ? MEMORY_SUM
                : running    ? "marked loop stays element-wise: its float sum is also used inside "
                               "the loop (a running sum), so it is neither reordered nor a "
                               "product kernel"
                             : "marked loop: no float sum (acc += ...) to reassociate or to turn "
                               "into a product kernel");
    return;
  }
  LLVMValueRef all[2 * MAX_SUMS];
  for (int k = 0; k < n; k++)
    all[2 * k] = sums[k].phi, all[2 * k + 1] = sums[k].add;
  product p[MAX_SUMS];
  int r[MAX_SUMS], replaced = 0;
  char what[MAX_SUMS][64], why[MAX_SUMS][400];
  for (int k = 0; k < n; k++) {
    what[k][0] = why[k][0] = 0;
    r[k] = stage_sum(s, h, marked, &lo, &sums[k], all, n, &p[k], what[k], 64, why[k], 400);
    replaced += r[k] == 1;
  }
  if (replaced == n) {
    affq_loop_delete(s->c, h);
  } else {
    for (int k = 0; k < n; k++)
      if (r[k] == 1)
        drop_sum(&p[k]);
  }
  int hoisted = replaced < n ? hoist_dequant(s, h) : 0;
  for (int k = 0; k < n; k++)
    say_sum(s, file, line, k, n, r[k], &p[k], &lo, what[k], why[k], hoisted);
}

int affq_run_loops(LLVMValueRef fn, affq_loopctx *c) {
  stage s = {.c = c, .fn = fn};
  s.M = LLVMGetGlobalParent(fn);
  s.ctx = LLVMGetModuleContext(s.M);
  s.i32 = LLVMInt32TypeInContext(s.ctx);
  s.i64 = LLVMInt64TypeInContext(s.ctx);
  s.f32 = LLVMFloatTypeInContext(s.ctx);
  s.ptr = LLVMPointerTypeInContext(s.ctx, 0);
  s.dq_kind = LLVMGetMDKindIDInContext(s.ctx, AFFQ_MD_DQ, strlen(AFFQ_MD_DQ));

  int recorded = affq_bulk_record(fn, c); /* instrumented builds */
  LLVMBasicBlockRef hs[512];
  size_t n = affq_loops_list(c, hs, 512);
  /* innermost marked loops first found; replacing one deletes only itself */
  LLVMBasicBlockRef *inner = malloc((n ? n : 1) * sizeof *inner);
  size_t n_inner = 0;
  for (size_t i = 0; i < n; i++) {
    LLVMBasicBlockRef marked;
    const char *file;
    unsigned line;
    if (!affq_loop_subloops(c, hs[i]) && mark_of(&s, hs[i], &marked, &file, &line))
      inner[n_inner++] = hs[i];
  }
  if (!n_inner) {
    free(inner);
    return recorded;
  }
  s.b = LLVMCreateBuilderInContext(s.ctx);
  for (size_t k = 0; k < n_inner; k++)
    stage_loop(&s, inner[k]);
  n = affq_loops_list(c, hs, 512); /* the loops left: marks off */
  for (size_t i = 0; i < n; i++)
    affq_loop_unmark(c, hs[i]);
  LLVMDisposeBuilder(s.b);
  free(inner);
  return 1;
}
