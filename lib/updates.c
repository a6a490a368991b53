/*
 * updates.c - marked loops that update a float array in memory with
 * products of a quantized one (the loop stage, beside products.c):
 *
 *   for (i < M)                    the batch loop (optional)
 *     for (k < K)
 *       for (j < N)
 *         C[i][j] += A[i][k] * B[k][j];      B quantized
 *
 * the i-k-j order of a matrix product, whose inner loop is an axpy over a
 * row of B; without the i loop it is the transposed update of bicg,
 * s[j] += r[k] * B[k][j].  The k and j loops together are y = x B with x a
 * row of A, the transposed product the runtime has; with the i loop, Y = A
 * B.  So the nest becomes two calls before it, and goes:
 *
 *   affq_loop_product(transposed, B, pB, per_row, K, N, A, M, Y, flags)
 *   affq_loop_add_rows(C, ldc, Y, M, N, alpha)     C += Y * alpha
 *
 * alpha: factors of the term that are the same throughout the nest.  The
 * sums over k are reordered, which the mark allows.  Everything the rewrite
 * needs is proved first, by scalar evolution: the strides below, constant
 * trip counts, nothing else written in the nest, and C distinct from A and B.
 */
#include "loop_stage.h"

#include <stdio.h>
#include <string.h>

/* The update found in the inner loop j. */
typedef struct {
  LLVMBasicBlockRef j, k, i;        /* the loops; i NULL without a batch loop */
  LLVMValueRef store, row_factor;   /* C[..] = ...; A[i][k] (a load in loop k) */
  LLVMValueRef factor[4];           /* alpha: the same throughout the nest */
  int n_factors;
  product b;                        /* B: its table, per-row, and address in b.w */
  LLVMValueRef b_load;              /* the load of B's codes */
  affq_affine c, a;                 /* the addresses of C and of A */
  uint64_t n, kk, m;                /* trip counts of j, k and i (m = 1 without i) */
} update;

/* The single store of loop h, if it is its only write and h calls nothing
 * that writes. */
static LLVMValueRef only_store(stage *s, LLVMBasicBlockRef h) {
  LLVMValueRef store = NULL;
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(s->fn); bb; bb = LLVMGetNextBasicBlock(bb)) {
    if (!affq_loop_contains(s->c, h, bb))
      continue;
    for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
      if (writes_unknown(i) || ((LLVMIsALoadInst(i) || LLVMIsAStoreInst(i)) && LLVMGetVolatile(i)))
        return NULL;
      if (LLVMIsAStoreInst(i)) {
        if (store)
          return NULL;
        store = i;
      }
    }
  }
  return store && LLVMGetTypeKind(LLVMTypeOf(LLVMGetOperand(store, 0))) == LLVMFloatTypeKind
             ? store
             : NULL;
}

static int same_address(stage *s, LLVMValueRef p, LLVMValueRef q) {
  affq_affine a, b;
  if (p == q)
    return 1;
  if (!affq_scev_affine(s->c, p, &a) || !affq_scev_affine(s->c, q, &b) || a.base != b.base ||
      a.offset != b.offset || a.start != b.start || a.n != b.n)
    return 0;
  for (int i = 0; i < a.n; i++)
    if (a.loop[i] != b.loop[i] || a.step[i] != b.step[i])
      return 0;
  return 1;
}

/* C[..] = C[..] + term (either order) or fmuladd(x, y, C[..]) in loop h:
 * the leaves of the term's product (multiplies in loop o, h's parent, where
 * alpha * A[i][k] is computed once per k) into leaf[].  0 if the store is
 * no such update. */
static int update_leaves(stage *s, LLVMBasicBlockRef h, LLVMBasicBlockRef o, LLVMValueRef store,
                         LLVMValueRef *leaf, int *n) {
  LLVMValueRef v = LLVMGetOperand(store, 0), ptr = LLVMGetOperand(store, 1);
  if (!LLVMIsAInstruction(v) || !in_loop(s, h, v))
    return 0;
  int is_old[3] = {0, 0, 0};
  unsigned ops = is_fmuladd(v) ? 3 : opcode_is(v, LLVMFAdd) ? 2 : 0;
  for (unsigned k = 0; k < ops; k++) {
    LLVMValueRef o = LLVMGetOperand(v, k);
    is_old[k] = LLVMIsALoadInst(o) && in_loop(s, h, o) && same_address(s, LLVMGetOperand(o, 0), ptr);
  }
  *n = 0;
  if (ops == 3)
    return is_old[2] && leaves_of(s, o, LLVMGetOperand(v, 0), leaf, n) &&
           leaves_of(s, o, LLVMGetOperand(v, 1), leaf, n);
  if (ops == 2 && is_old[0] != is_old[1])
    return leaves_of(s, o, LLVMGetOperand(v, is_old[0] ? 1 : 0), leaf, n);
  return 0;
}

/* A load in loop h from the same place on every iteration: A[i][k] read
 * again at each j, because the store to C might have changed it (which
 * nest_writes then rules out, or refuses). */
static int reloaded(stage *s, LLVMBasicBlockRef h, LLVMValueRef v) {
  affq_affine a;
  return LLVMIsALoadInst(v) && !LLVMGetVolatile(v) &&
         affq_scev_affine(s->c, LLVMGetOperand(v, 0), &a) && step_in(&a, h) == 0 &&
         affq_affine_invariant_in(s->c, &a, h);
}

/* Sort the leaves: one dequantization (B), one float loaded in loop k and
 * not in j (A[i][k]), the rest the same throughout the nest's loops. */
static int sort_leaves(stage *s, update *u, LLVMValueRef *leaf, int n, LLVMValueRef *dq,
                       char *why, size_t size) {
  *dq = NULL;
  u->row_factor = NULL;
  u->n_factors = 0;
  for (int k = 0; k < n; k++) {
    if (LLVMIsAInstruction(leaf[k]) && LLVMGetMetadata(leaf[k], s->dq_kind)) {
      if (*dq) {
        snprintf(why, size, "both factors of the update are quantized arrays");
        return 0;
      }
      *dq = leaf[k];
    } else if (in_loop(s, u->j, leaf[k]) && !reloaded(s, u->j, leaf[k])) {
      snprintf(why, size, "a factor of the update other than the quantized row changes along it");
      return 0;
    } else if (LLVMIsALoadInst(leaf[k]) && in_loop(s, u->k, leaf[k]) && !u->row_factor) {
      u->row_factor = leaf[k];
    } else if (!in_loop(s, u->k, leaf[k]) && u->n_factors < 4) {
      u->factor[u->n_factors++] = leaf[k];
    } else {
      snprintf(why, size, "the update's factors are not a quantized row times one float of A");
      return 0;
    }
  }
  if (!*dq || !u->row_factor) {
    snprintf(why, size, !*dq ? "the update reads no quantized array along the row (the "
                               "quantized factor must be the row, B[k][j], not A[i][k])"
                             : "no factor of the update is read from a row of A in the loop "
                               "around it");
    return 0;
  }
  return 1;
}

/* A loop of the nest around the inner one: marked, one subloop that runs
 * on every iteration, a preheader, a constant trip count that leaves the
 * inner ones unchanged; *trip. */
static int nest_loop(stage *s, LLVMBasicBlockRef o, LLVMBasicBlockRef inner, uint64_t *trip) {
  const char *f;
  unsigned l;
  uint64_t t;
  return o && affq_loop_mark(s->c, o, &f, &l) && affq_loop_subloops(s->c, o) == 1 &&
         affq_loop_preheader(s->c, o) && affq_loop_latch(s->c, o) &&
         affq_loop_trip_count(s->c, o, o, NULL, trip, NULL) && *trip &&
         affq_loop_trip_count(s->c, inner, o, NULL, &t, NULL) &&
         affq_dominates(s->c, affq_loop_preheader(s->c, inner), affq_loop_latch(s->c, o));
}

/* The strides: j walks a row of B and of C; k walks the rows of B and a
 * row of A; i (if taken) the rows of C and of A, with B the same. */
static int strides_fit(const update *u, char *why, size_t size) {
  const affq_affine *b = &u->b.w;
  if (step_in(b, u->j) != 1 || step_in(&u->c, u->j) != 4 || step_in(&u->a, u->j) != 0 ||
      step_in(b, u->k) != (int64_t)u->n || step_in(&u->c, u->k) != 0 || step_in(&u->a, u->k) != 4) {
    snprintf(why, size,
             "the update's strides are not those of C[i][j] += A[i][k] * B[k][j] over whole rows "
             "of B (B: %lld and %lld bytes, C: %lld and %lld, A: %lld and %lld along j and k)",
             (long long)step_in(b, u->j), (long long)step_in(b, u->k),
             (long long)step_in(&u->c, u->j), (long long)step_in(&u->c, u->k),
             (long long)step_in(&u->a, u->j), (long long)step_in(&u->a, u->k));
    return 0;
  }
  if (u->b.per_row && u->b.cols != u->n) {
    snprintf(why, size, "per-row weights, but the update does not cover whole rows");
    return 0;
  }
  return 1;
}

/* May the nest write anything but C, or C be A or B? */
static int nest_writes(stage *s, LLVMBasicBlockRef top, const update *u, char *why, size_t size) {
  int a = affq_may_alias(s->c, u->store, u->row_factor);
  if (a || affq_may_alias(s->c, u->store, u->b_load)) {
    char dst[300], src[300];
    name_memory(LLVMGetOperand(u->store, 1), dst, sizeof dst);
    name_memory(LLVMGetOperand(a ? u->row_factor : u->b_load, 0), src, sizeof src);
    snprintf(why, size, "the array updated, %s, may be %s, which the update reads (declare the "
                        "pointers restrict, or use distinct arrays)", dst, src);
    return 1;
  }
  for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(s->fn); bb; bb = LLVMGetNextBasicBlock(bb))
    if (affq_loop_contains(s->c, top, bb))
      for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i; i = LLVMGetNextInstruction(i)) {
        if ((LLVMIsAStoreInst(i) && i != u->store) || writes_unknown(i) || used_after(s, top, i)) {
          snprintf(why, size, "the loop nest does more than the update (another write, a call, "
                              "or a value used after it)");
          return 1;
        }
      }
  return 0;
}

/* Everything the rewrite needs, from the term's leaves, or why not (0). */
static int match_update(stage *s, update *u, LLVMValueRef *leaf, int n, char *why, size_t size) {
  LLVMValueRef dq, code;
  if (!sort_leaves(s, u, leaf, n, &dq, why, size) ||
      !dequantized_codes(s, dq, &u->b, &code, why, size))
    return 0;
  u->b_load = code;
  if (!affq_scev_affine(s->c, LLVMGetOperand(code, 0), &u->b.w) ||
      !affq_scev_affine(s->c, LLVMGetOperand(u->store, 1), &u->c) ||
      !affq_scev_affine(s->c, LLVMGetOperand(u->row_factor, 0), &u->a)) {
    snprintf(why, size, "an address is not affine in the loops with constant strides");
    return 0;
  }
  if (!affq_loop_trip_count(s->c, u->j, u->j, NULL, &u->n, NULL) || !u->n ||
      !nest_loop(s, u->k, u->j, &u->kk)) {
    snprintf(why, size, "the update's loops have no constant trip counts, or the loop around "
                        "the row is not marked, holds other loops, or changes the row's length");
    return 0;
  }
  if (!strides_fit(u, why, size))
    return 0;
  u->m = 1;
  u->i = affq_loop_parent(s->c, u->k);
  uint64_t m;
  if (!nest_loop(s, u->i, u->k, &m) || step_in(&u->b.w, u->i) != 0 ||
      step_in(&u->a, u->i) != (int64_t)(4 * u->kk) || step_in(&u->c, u->i) % 4 ||
      step_in(&u->c, u->i) <= 0 || m * u->n > MAX_BUFFER)
    u->i = NULL; /* no batch loop: one call per row of A, inside the loop around */
  else
    u->m = m;
  LLVMBasicBlockRef top = u->i ? u->i : u->k;
  /* the nest is deleted: it needs one exit of its own (made if the block
   * after it is also reached from elsewhere, such as the next loop) */
  if (!affq_loop_preheader(s->c, top) || !affq_loop_exit(s->c, top)) {
    snprintf(why, size, "the loop nest has more than one exit");
    return 0;
  }
  if (!affq_affine_invariant_in(s->c, &u->b.w, top) || !affq_affine_invariant_in(s->c, &u->a, top) ||
      !affq_affine_invariant_in(s->c, &u->c, top) || u->n > MAX_BUFFER) {
    snprintf(why, size, "an address's base is computed inside the loop nest, or a row is longer "
                        "than %d", MAX_BUFFER);
    return 0;
  }
  return !nest_writes(s, top, u, why, size);
}

/* The two calls before the nest, and the nest gone. */
static void rewrite_update(stage *s, update *u, const affq_loop_options *lo) {
  LLVMBasicBlockRef top = u->i ? u->i : u->k;
  LLVMValueRef before = LLVMGetBasicBlockTerminator(affq_loop_preheader(s->c, top));
  LLVMBasicBlockRef drop[3] = {u->j, u->k, u->i};
  int nd = u->i ? 3 : 2;
  affq_affine b0 = without(&u->b.w, drop, nd), a0 = without(&u->a, drop, nd),
              c0 = without(&u->c, drop, nd);
  LLVMValueRef bp = affq_expand_affine(s->c, &b0, before);
  LLVMValueRef ap = affq_expand_affine(s->c, &a0, before);
  LLVMValueRef cp = affq_expand_affine(s->c, &c0, before);
  u->b.transposed = 1;
  LLVMValueRef pb = params_at(s, &u->b, &b0, before);
  LLVMValueRef buf = entry_buffer(s, u->m * u->n);
  LLVMPositionBuilderBefore(s->b, before);
  LLVMValueRef args[10] = {LLVMConstInt(s->i32, 1, 0), bp, pb,
                           LLVMConstInt(s->i32, (unsigned)u->b.per_row, 0), i64c(s, u->kk),
                           i64c(s, u->n), ap, i64c(s, u->m), buf,
                           LLVMConstInt(s->i32, lo->dynamic ? AFFQ_DYNAMIC : 0, 0)};
  affq_build_runtime_call(s->b, s->M, LLVMVoidTypeInContext(s->ctx), "affq_loop_product", args, 10);
  LLVMValueRef alpha = LLVMConstReal(s->f32, 1.0);
  for (int k = 0; k < u->n_factors; k++)
    alpha = k ? LLVMBuildFMul(s->b, alpha, u->factor[k], "affq.alpha") : u->factor[k];
  LLVMValueRef add[6] = {cp, i64c(s, u->i ? (uint64_t)step_in(&u->c, u->i) / 4 : 0), buf,
                         i64c(s, u->m), i64c(s, u->n), alpha};
  affq_build_runtime_call(s->b, s->M, LLVMVoidTypeInContext(s->ctx), "affq_loop_add_rows", add, 6);
  affq_loop_delete(s->c, top);
}

int affq_try_update(stage *s, LLVMBasicBlockRef h, const affq_loop_options *lo) {
  update u;
  memset(&u, 0, sizeof u);
  u.j = h;
  u.k = affq_loop_parent(s->c, h);
  if (!u.k || !(u.store = only_store(s, h)))
    return 0;
  LLVMValueRef leaf[MAX_LEAVES];
  int n;
  if (!update_leaves(s, h, u.k, u.store, leaf, &n))
    return 0; /* no update of C: not this shape */
  LLVMBasicBlockRef marked;
  const char *file;
  unsigned line;
  mark_of(s, h, &marked, &file, &line);
  char why[400] = "", msg[600];
  affq_affine c;
  if (affq_scev_affine(s->c, LLVMGetOperand(u.store, 1), &c) && step_in(&c, h) == 0) {
    /* y[i] += W[i][j] * x[j] left in memory: LLVM keeps a sum in a register
     * unless the store may write what the loop reads */
    affq_report(s->M, s->fn, AFFQ_REMARK_MISSED, file, line, "NoProduct", MEMORY_SUM);
    return -1;
  }
  if (lo->kernel == AFFQ_KERNEL_OFF)
    snprintf(why, sizeof why, "kernel=off");
  if (*why || !match_update(s, &u, leaf, n, why, sizeof why)) {
    snprintf(msg, sizeof msg, "marked loop stays element-wise: an update C[i][j] += A[i][k] * "
                              "B[k][j], no product kernel: %s", why);
    affq_report(s->M, s->fn, AFFQ_REMARK_MISSED, file, line, "NoProduct", msg);
    return -1;
  }
  LLVMBasicBlockRef top = u.i ? u.i : u.k, around = affq_loop_parent(s->c, top);
  int reused = u.i || (around && step_in(&u.b.w, around) == 0 &&
                       affq_affine_invariant_in(s->c, &u.b.w, around));
  if (reused && lo->kernel == AFFQ_KERNEL_AUTO) {
    /* every row of A reads all of B again, from cache: the kernel converts
     * each code once per row, where the loop as written does one FMA per
     * element; measured 0.80-0.99x of float on the AVX2 path */
    snprintf(msg, sizeof msg,
             "marked loop: %s (an update C += A B, B quantized) stays inline, not a kernel call: "
             "each row of A reads all of B again, which stays in cache, and the transposed "
             "kernel would lose to the loop as written (kernel=on calls it anyway)",
             u.i ? "transposed matrix product" : "transposed matrix-vector product");
    affq_report(s->M, s->fn, AFFQ_REMARK_PASSED, file, line, "Inline", msg);
    return 1;
  }
  rewrite_update(s, &u, lo);
  snprintf(msg, sizeof msg, "marked loop: %s (an update C += A B, B quantized)%s runs on the int8 "
                            "kernel%s",
           u.i ? "transposed matrix product" : "transposed matrix-vector product",
           u.b.per_row ? " (per-row weights)" : "", lo->dynamic ? ", x quantized on each call" : "");
  affq_report(s->M, s->fn, AFFQ_REMARK_PASSED, file, line, "Product", msg);
  return 1;
}
