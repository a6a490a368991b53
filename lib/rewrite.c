/*
 * rewrite.c - store an annotated array as codes and rewrite every access.
 *
 * With opaque pointers a pointer's type does not say what it points to, so
 * pointer values (phis, selects, pointer variables) need no change.  What
 * changes:
 *   - the storage: [count x i8] codes in place of the floats; a constant
 *     initializer is quantized here, at compile time;
 *   - each GEP into it: its element type, float -> i8, retyped in place;
 *   - each float load:  load i8, then dequantize inline;
 *   - each float store: quantize inline, then store i8;
 *   - memcpy/memmove/memset: on codes, or a runtime kernel where floats meet
 *     codes (affq_quantize, affq_dequantize, affq_requantize).
 * The inline conversions are plain IR that the loop vectorizer vectorizes;
 * they compute exactly what runtime/qmath.h computes.
 */
#include "affq_internal.h"
#include "qmath.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  LLVMModuleRef M;
  LLVMContextRef ctx;
  LLVMBuilderRef b;
  LLVMTypeRef i8, i32, i64, f32, ptr;
  affq_check *check; /* the check mode's counting, or NULL */
} rw;

static rw rw_open(LLVMModuleRef M, affq_check *check) {
  rw r;
  r.M = M;
  r.check = check;
  r.ctx = LLVMGetModuleContext(M);
  r.b = LLVMCreateBuilderInContext(r.ctx);
  r.i8 = LLVMInt8TypeInContext(r.ctx);
  r.i32 = LLVMInt32TypeInContext(r.ctx);
  r.i64 = LLVMInt64TypeInContext(r.ctx);
  r.f32 = LLVMFloatTypeInContext(r.ctx);
  r.ptr = LLVMPointerTypeInContext(r.ctx, 0);
  return r;
}

static LLVMValueRef f32c(rw *r, float v) { return LLVMConstReal(r->f32, v); }
static LLVMValueRef i32c(rw *r, int32_t v) { return LLVMConstInt(r->i32, (unsigned long long)(int64_t)v, 1); }
static LLVMValueRef i64c(rw *r, uint64_t v) { return LLVMConstInt(r->i64, v, 0); }

static int is_signed(const affq_array *a) { return a->params[0].qmin < 0; }

/* The codes of elements x[0..n) (floats or doubles, held as doubles)
 * starting at element `first` of the array. */
static char *quantize_elements(const affq_array *a, const double *x, size_t first, size_t n) {
  char *codes = malloc(n ? n : 1);
  if (!codes)
    abort();
  for (size_t i = 0; i < n; i++) {
    size_t e = first + i;
    const affq_qparams *p = &a->params[a->options.per_row ? (e / a->cols) % a->rows : 0];
    codes[i] = (char)affq_quantize_element(a, p, x ? x[i] : 0.0);
  }
  return codes;
}

/* The element type's constant v (float or double). */
static LLVMValueRef elemc(rw *r, const affq_array *a, double v) {
  return LLVMConstReal(affq_element_type(r->ctx, a->esize), v);
}

/* ---- storage ------------------------------------------------------------ */

/*
 * A writable global that starts as all zeros takes no room in the object
 * file (.bss); as codes it would start as z everywhere, count bytes of .data
 * (16 MiB for a 4096 x 4096 matrix).  So its codes start as zeros too, and a
 * constructor that runs before any other (priority 0) fills in z.  Not for
 * thread-locals: a constructor sets one thread's copy only.
 */
/* The one code every element of an array with no initializer, or an
 * all-zero one, starts as (the code of 0.0 in each row's parameters), or -1
 * if the rows differ.  O(rows), never O(count). */
static int uniform_zero_code(const affq_array *a) {
  int code = -1;
  for (size_t r = 0; r < a->n_params; r++) {
    const affq_qparams *p = &a->params[r];
    int c = (unsigned char)affq_quantize_element(a, p, 0.0);
    if (code >= 0 && c != code)
      return -1;
    code = c;
  }
  return code;
}

static void set_zero_point_at_start(rw *r, LLVMValueRef codes, char z, size_t count) {
  LLVMTypeRef vt = LLVMVoidTypeInContext(r->ctx);
  LLVMValueRef fn = LLVMAddFunction(r->M, "affq.set_zero_points", LLVMFunctionType(vt, NULL, 0, 0));
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMPositionBuilderAtEnd(r->b, LLVMAppendBasicBlockInContext(r->ctx, fn, ""));
  LLVMBuildMemSet(r->b, codes, LLVMConstInt(r->i8, (unsigned char)z, 0), i64c(r, count), 1);
  LLVMBuildRetVoid(r->b);
  affq_add_global_ctor(r->M, fn, 0);
}

/* ceil(x / esize) (4 or 8), with no overflow for any x */
static LLVMValueRef ceil_div(rw *r, LLVMValueRef x, unsigned esize) {
  LLVMTypeRef t = LLVMTypeOf(x);
  LLVMValueRef q = LLVMBuildLShr(r->b, x, LLVMConstInt(t, esize == 8 ? 3 : 2, 0), "");
  LLVMValueRef odd = LLVMBuildICmp(r->b, LLVMIntNE,
                                   LLVMBuildAnd(r->b, x, LLVMConstInt(t, esize - 1, 0), ""),
                                   LLVMConstInt(t, 0, 0), "");
  return LLVMBuildAdd(r->b, q, LLVMBuildZExt(r->b, odd, t, ""), "");
}

/* Heap memory: the same allocation, one byte per float or double (rounded up).
 * calloc's zeros are floats 0.0, which as codes are z, not 0: when z is not
 * 0, the new bytes are set to z (affq_loop_abi's affq_fill_codes). */
static void shrink_allocation(rw *r, const affq_array *a, LLVMValueRef call) {
  LLVMPositionBuilderBefore(r->b, call);
  int kind = affq_allocation_kind(call);
  if (kind == AFFQ_ALLOC_CALLOC) {
    /* calloc(n, s) -> calloc(n, ceil(s / 4)): at least n s / 4 bytes, and
     * calloc itself still checks n times the size for overflow (8: doubles) */
    LLVMValueRef n = LLVMGetOperand(call, 0), sz = LLVMGetOperand(call, 1);
    LLVMValueRef per = ceil_div(r, sz, a->esize);
    LLVMSetOperand(call, 1, per);
    int z = a->params[0].zero_point;
    if (z) { /* if calloc failed, the product below may wrap: affq_fill_codes skips NULL */
      LLVMPositionBuilderBefore(r->b, LLVMGetNextInstruction(call));
      LLVMValueRef args[3] = {call, i32c(r, z), LLVMBuildMul(r->b, n, per, "")};
      affq_build_runtime_call(r->b, r->M, LLVMVoidTypeInContext(r->ctx), "affq_fill_codes", args, 3);
    }
    return;
  }
  unsigned at = kind == AFFQ_ALLOC_ALIGNED ? 1 : 0; /* malloc(size), aligned_alloc(align, size) */
  LLVMValueRef codes = ceil_div(r, LLVMGetOperand(call, at), a->esize);
  if (at) { /* aligned_alloc wants a multiple of the alignment, which divides size */
    LLVMValueRef al = LLVMGetOperand(call, 0);
    LLVMValueRef rem = LLVMBuildURem(r->b, codes, al, "");
    LLVMValueRef pad = LLVMBuildSelect(
        r->b, LLVMBuildICmp(r->b, LLVMIntEQ, rem, i64c(r, 0), ""), i64c(r, 0),
        LLVMBuildSub(r->b, al, rem, ""), "");
    codes = LLVMBuildAdd(r->b, codes, pad, ""); /* <= the float size: no overflow */
  }
  LLVMSetOperand(call, at, codes);
}

static LLVMValueRef qparams_const(rw *r, const affq_qparams *p);

/*
 * Several files.  A quantized global with external linkage exports its
 * codes and its parameters under names another file's AFFQ_EXTERN(W)
 * refers to:
 *   W.affq.codes.i8 (or .u8: the code type, checked by the link)
 *   W.affq.params   (affq_qparams, read at run time there)
 * and the name W itself is no longer defined: a file that reads W as
 * floats fails to link ("undefined reference to `W'"), never reads codes as
 * floats.  A .gnu.warning.W note says why and what to do: GNU ld prints it
 * at each reference to W, lld ignores it.  (W is not also defined in a
 * section the linker drops: GNU ld then printed the note on every link of
 * the defining file, even with no other file, which breaks builds that
 * link with --fatal-warnings.)  Per-row and thread-local arrays are not
 * exported (AFFQ_EXTERN's link fails).
 */
static void extern_names(const char *base, int is_signed, char *codes, char *params, size_t size) {
  snprintf(codes, size, "%s.affq.codes.%s", base, is_signed ? "i8" : "u8");
  snprintf(params, size, "%s.affq.params", base);
}

static int elf_target(LLVMModuleRef M) {
  const char *t = LLVMGetTarget(M);
  return t && !strstr(t, "apple") && !strstr(t, "darwin") && !strstr(t, "windows") &&
         !strstr(t, "wasm") && !strstr(t, "macos");
}

static void export_global(rw *r, affq_array *a, const char *base) {
  char codes[600], params[600];
  extern_names(base, is_signed(a), codes, params, sizeof codes);
  LLVMSetValueName2(a->codes, codes, strlen(codes));
  LLVMSetLinkage(a->codes, LLVMExternalLinkage);
  LLVMValueRef p = LLVMAddGlobal(r->M, LLVMTypeOf(qparams_const(r, &a->params[0])), params);
  LLVMSetInitializer(p, qparams_const(r, &a->params[0]));
  LLVMSetGlobalConstant(p, 1);
  if (!elf_target(r->M))
    return;
  char text[2048];
  snprintf(text, sizeof text,
           ".section .gnu.warning.%s,\"\",%%progbits\n"
           ".string \"affq: '%s' is quantized (%s:%u); in the file that uses it, add AFFQ_EXTERN(%s); "
           "after its extern declaration\"\n.text\n",
           base, base, a->file, a->line, base);
  LLVMAppendModuleInlineAsm(r->M, text, strlen(text));
}

/* AFFQ_EXTERN(W): the codes and parameters another file exports. */
static void extern_storage(rw *r, affq_array *a) {
  size_t len;
  const char *name = LLVMGetValueName2(a->storage, &len);
  char base[512], codes[600], params[600];
  snprintf(base, sizeof base, "%.*s", (int)len, name);
  extern_names(base, is_signed(a), codes, params, sizeof codes);
  LLVMTypeRef qt = LLVMTypeOf(qparams_const(r, &a->params[0]));
  a->codes = LLVMGetNamedGlobal(r->M, codes);
  if (!a->codes)
    a->codes = LLVMAddGlobal(r->M, LLVMArrayType2(r->i8, a->count), codes);
  a->params_var = LLVMGetNamedGlobal(r->M, params);
  if (!a->params_var) {
    a->params_var = LLVMAddGlobal(r->M, qt, params);
    LLVMSetGlobalConstant(a->params_var, 1);
  }
}

/* a's parameters as a constant, for runtime calls (one global per set). */
static LLVMValueRef params_global(rw *r, const affq_array *a) {
  if (a->params_var) /* AFFQ_EXTERN: the defining file's */
    return a->params_var;
  return affq_qparams_global(r->M, qparams_const(r, &a->params[0]));
}

/* mmap(addr, len, prot, flags, fd, off) gives the codes of the file's
 * floats (doubles) instead: the call goes to a function of the module with
 * the same type, which calls affq_mmap_codes with the array's parameters
 * (runtime/mmap.c).  The call itself stays, so every value the analysis
 * found still names it. */
static void map_into_codes(rw *r, const affq_array *a, LLVMValueRef call) {
  LLVMTypeRef fty = LLVMGetCalledFunctionType(call);
  LLVMValueRef fn = LLVMAddFunction(r->M, "affq.mmap", fty);
  LLVMSetLinkage(fn, LLVMInternalLinkage);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(r->ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(r->ctx, fn, "entry"));
  LLVMValueRef args[9];
  for (unsigned k = 0; k < 6; k++)
    args[k] = LLVMGetParam(fn, k);
  args[6] = params_global(r, a);
  args[7] = LLVMConstInt(r->i32, a->esize, 0);
  args[8] = r->check && a->esize == 4 ? affq_check_counters(r->check, a) : LLVMConstNull(r->ptr);
  LLVMBuildRet(b, affq_build_runtime_call(b, r->M, r->ptr, "affq_mmap_codes", args, 9));
  LLVMDisposeBuilder(b);
  LLVMSetOperand(call, (unsigned)LLVMGetNumOperands(call) - 1, fn);
}

static void make_storage(rw *r, affq_array *a) {
  if (a->kind == AFFQ_STORAGE_HEAP && affq_allocation_kind(a->storage) == AFFQ_ALLOC_MMAP) {
    map_into_codes(r, a, a->storage);
    a->codes = a->storage;
    return;
  }
  if (a->field_reader) { /* the file that gives the field memory makes the codes */
    a->codes = a->storage;
    return;
  }
  if (a->kind == AFFQ_STORAGE_HEAP) { /* the same allocation, shrunk */
    shrink_allocation(r, a, a->storage);
    a->codes = a->storage;
    return;
  }
  if (a->kind == AFFQ_STORAGE_EXTERN) {
    extern_storage(r, a);
    return;
  }
  LLVMTypeRef type = LLVMArrayType2(r->i8, a->count);
  size_t name_len;
  const char *name = LLVMGetValueName2(a->storage, &name_len);
  char *base = strndup(name, name_len);
  if (a->kind == AFFQ_STORAGE_GLOBAL) {
    /* The float symbol goes away.  The codes get internal linkage: another
     * translation unit that used the float array fails to link instead of
     * reading codes as floats. */
    LLVMSetValueName2(a->storage, "", 0);
    a->codes = LLVMAddGlobal(r->M, type, base);
    int zero = a->init ? -1 : uniform_zero_code(a);
    if (zero == 0) {
      LLVMSetInitializer(a->codes, LLVMConstNull(type));
    } else if (zero > 0 && !LLVMIsGlobalConstant(a->storage) && !LLVMIsThreadLocal(a->storage)) {
      LLVMSetInitializer(a->codes, LLVMConstNull(type));
      set_zero_point_at_start(r, a->codes, (char)zero, a->count);
    } else { /* a constant, a thread-local, or rows that differ: the codes themselves */
      char *codes = quantize_elements(a, a->init, 0, a->count);
      LLVMSetInitializer(a->codes, LLVMConstStringInContext2(r->ctx, codes, a->count, 1));
      free(codes);
    }
    LLVMSetLinkage(a->codes, LLVMInternalLinkage);
    LLVMSetGlobalConstant(a->codes, LLVMIsGlobalConstant(a->storage));
    LLVMSetThreadLocal(a->codes, LLVMIsThreadLocal(a->storage));
    LLVMSetAlignment(a->codes, a->count >= 64 ? 64 : 16);
    if (LLVMGetSection(a->storage) && *LLVMGetSection(a->storage))
      LLVMSetSection(a->codes, LLVMGetSection(a->storage));
    if (LLVMGetLinkage(a->storage) == LLVMExternalLinkage && !LLVMIsThreadLocal(a->storage) &&
        !a->options.per_row)
      export_global(r, a, base);
  } else {
    LLVMPositionBuilderBefore(r->b, a->storage);
    a->codes = LLVMBuildAlloca(r->b, type, base);
    LLVMSetAlignment(a->codes, 16);
  }
  free(base);
  if (a->options.per_row) {
    LLVMValueRef *sv = malloc(a->rows * sizeof *sv), *zv = malloc(a->rows * sizeof *zv);
    for (size_t i = 0; i < a->rows; i++) {
      sv[i] = f32c(r, a->params[i].scale);
      zv[i] = i32c(r, a->params[i].zero_point);
    }
    a->scales = affq_private_constant(r->M, LLVMConstArray2(r->f32, sv, a->rows), "affq.scales");
    a->zero_points = affq_private_constant(r->M, LLVMConstArray2(r->i32, zv, a->rows), "affq.zero_points");
    free(sv), free(zv);
  }
}

/* ---- inline conversions --------------------------------------------------- */

typedef struct {
  LLVMValueRef scale, zero_i, zero_f; /* constants, or loaded from the tables */
  int zero_is_0;
} conv;

/* Field k of an AFFQ_EXTERN array's affq_qparams (0 scale, 1 zero point,
 * 2 qmin, 3 qmax), loaded where the builder stands. */
static LLVMValueRef params_field(rw *r, const affq_array *a, unsigned k) {
  LLVMTypeRef qt = LLVMGlobalGetValueType(a->params_var);
  return LLVMBuildLoad2(r->b, k ? r->i32 : r->f32,
                        LLVMBuildStructGEP2(r->b, qt, a->params_var, k, ""), "affq.param");
}

/* The parameters for an access through pointer p. */
static conv conv_at(rw *r, const affq_array *a, LLVMValueRef p) {
  conv c;
  LLVMTypeRef fe = affq_element_type(r->ctx, a->esize);
  if (a->params_var) { /* the defining file's parameters, read here */
    c.scale = params_field(r, a, 0);
    if (a->esize == 8)
      c.scale = LLVMBuildFPExt(r->b, c.scale, fe, "");
    c.zero_i = params_field(r, a, 1);
    c.zero_f = LLVMBuildSIToFP(r->b, c.zero_i, fe, "");
    c.zero_is_0 = 0;
    return c;
  }
  if (!a->options.per_row) {
    c.scale = elemc(r, a, a->params[0].scale); /* (a float: exact in double) */
    c.zero_i = i32c(r, a->params[0].zero_point);
    c.zero_f = elemc(r, a, a->params[0].zero_point);
    c.zero_is_0 = a->params[0].zero_point == 0;
    return c;
  }
  /* row = (p - storage) / cols: storage is replaced by the codes at the end,
   * so this is the element offset */
  LLVMValueRef off = LLVMBuildSub(r->b, LLVMBuildPtrToInt(r->b, p, r->i64, ""),
                                  LLVMBuildPtrToInt(r->b, a->storage, r->i64, ""), "");
  LLVMValueRef row = LLVMBuildUDiv(r->b, off, i64c(r, a->cols), "affq.row");
  LLVMValueRef idx[2] = {i64c(r, 0), row};
  c.scale = LLVMBuildLoad2(r->b, r->f32,
                           LLVMBuildInBoundsGEP2(r->b, LLVMArrayType2(r->f32, a->rows), a->scales,
                                                 idx, 2, ""),
                           "affq.s");
  if (a->esize == 8)
    c.scale = LLVMBuildFPExt(r->b, c.scale, fe, "");
  c.zero_i = LLVMBuildLoad2(r->b, r->i32,
                            LLVMBuildInBoundsGEP2(r->b, LLVMArrayType2(r->i32, a->rows),
                                                  a->zero_points, idx, 2, ""),
                            "affq.z");
  c.zero_f = LLVMBuildSIToFP(r->b, c.zero_i, fe, "");
  c.zero_is_0 = 0;
  return c;
}

static LLVMValueRef qparams_const(rw *r, const affq_qparams *p) {
  LLVMValueRef f[4] = {f32c(r, p->scale), i32c(r, p->zero_point), i32c(r, p->qmin), i32c(r, p->qmax)};
  return LLVMConstStructInContext(r->ctx, f, 4, 0);
}

/* x' = (float)(q - z) * s; for double arrays (double)(q - z) * (double)s */
static LLVMValueRef emit_dequantize(rw *r, const affq_array *a, LLVMValueRef code, const conv *c) {
  LLVMValueRef w = is_signed(a) ? LLVMBuildSExt(r->b, code, r->i32, "")
                                : LLVMBuildZExt(r->b, code, r->i32, "");
  if (!c->zero_is_0)
    w = LLVMBuildSub(r->b, w, c->zero_i, "");
  LLVMTypeRef fe = affq_element_type(r->ctx, a->esize);
  LLVMValueRef dq = LLVMBuildFMul(r->b, LLVMBuildSIToFP(r->b, w, fe, ""), c->scale, "affq.dq");
  if (a->tag_dequantize && !a->params_var) { /* what the loop stage needs for a kernel call */
    const affq_qparams *p = &a->params[0];
    LLVMValueRef none = LLVMConstNull(r->ptr);
    LLVMValueRef v[AFFQ_DQ_FIELDS];
    v[AFFQ_DQ_PER_ROW] = i32c(r, a->options.per_row);
    v[AFFQ_DQ_COLS] = i64c(r, a->options.per_row ? a->cols : 0);
    v[AFFQ_DQ_SCALE] = f32c(r, p->scale);
    v[AFFQ_DQ_ZERO] = i32c(r, p->zero_point);
    v[AFFQ_DQ_QMIN] = i32c(r, p->qmin);
    v[AFFQ_DQ_QMAX] = i32c(r, p->qmax);
    v[AFFQ_DQ_SCALES] = a->scales ? LLVMGetInitializer(a->scales) : none;
    v[AFFQ_DQ_ZERO_POINTS] = a->zero_points ? LLVMGetInitializer(a->zero_points) : none;
    LLVMMetadataRef md[AFFQ_DQ_FIELDS];
    for (int i = 0; i < AFFQ_DQ_FIELDS; i++)
      md[i] = LLVMValueAsMetadata(v[i]);
    LLVMSetMetadata(dq, LLVMGetMDKindIDInContext(r->ctx, AFFQ_MD_DQ, strlen(AFFQ_MD_DQ)),
                    LLVMMetadataAsValue(r->ctx, LLVMMDNodeInContext2(r->ctx, md, AFFQ_DQ_FIELDS)));
  }
  return dq;
}

/* q = clamp(roundeven(x / s) + z, qmin, qmax), NaN -> z */
static LLVMValueRef emit_quantize(rw *r, const affq_array *a, LLVMValueRef x, const conv *c) {
  unsigned id = LLVMLookupIntrinsicID("llvm.roundeven", 14);
  LLVMTypeRef fe = affq_element_type(r->ctx, a->esize);
  LLVMTypeRef fty = LLVMIntrinsicGetType(r->ctx, id, &fe, 1);
  LLVMValueRef roundeven = LLVMGetIntrinsicDeclaration(r->M, id, &fe, 1);
  LLVMValueRef q = LLVMBuildFDiv(r->b, x, c->scale, "");
  q = LLVMBuildCall2(r->b, fty, roundeven, &q, 1, "");
  q = LLVMBuildFAdd(r->b, q, c->zero_f, "");
  LLVMValueRef lo = elemc(r, a, a->params[0].qmin), hi = elemc(r, a, a->params[0].qmax);
  if (a->params_var) { /* qmin, qmax: the defining file's */
    lo = LLVMBuildSIToFP(r->b, params_field(r, a, 2), fe, "");
    hi = LLVMBuildSIToFP(r->b, params_field(r, a, 3), fe, "");
  }
  if (r->check && !a->params_var) /* (the order key of a double is its float's; AFFQ_EXTERN
                                    arrays are counted in the file that defines them) */
    affq_check_count_store(r->check, r->b, a,
                           a->esize == 8 ? LLVMBuildFPTrunc(r->b, x, r->f32, "") : x, q, lo, hi);
  LLVMValueRef nan = LLVMBuildFCmp(r->b, LLVMRealUNO, q, q, "");
  LLVMValueRef below = LLVMBuildFCmp(r->b, LLVMRealOLE, q, lo, "");
  LLVMValueRef above = LLVMBuildFCmp(r->b, LLVMRealOGE, q, hi, "");
  q = LLVMBuildSelect(r->b, below, lo, q, "");
  q = LLVMBuildSelect(r->b, above, hi, q, "");
  q = LLVMBuildSelect(r->b, nan, c->zero_f, q, "");
  return LLVMBuildTrunc(r->b, LLVMBuildFPToSI(r->b, q, r->i32, ""), r->i8, "affq.q");
}

/* ---- accesses ------------------------------------------------------------- */

static void retype_gep(LLVMValueRef gep, unsigned esize) {
  LLVMTypeRef t = LLVMGetGEPSourceElementType(gep);
  LLVMTypeRef code_t = affq_code_type(t, esize);
  if (code_t) {
    affq_set_gep_source_type(gep, code_t);
    return;
  }
  /* getelementptr i8, p, 4k (8k): k floats (doubles) are k codes */
  LLVMValueRef off = LLVMGetOperand(gep, 1);
  LLVMSetOperand(gep, 1,
                 LLVMConstInt(LLVMTypeOf(off),
                              (unsigned long long)(LLVMConstIntGetSExtValue(off) / (int64_t)esize), 1));
}

static void rewrite_load(rw *r, const affq_array *a, LLVMValueRef load) {
  LLVMPositionBuilderBefore(r->b, load);
  LLVMValueRef p = LLVMGetOperand(load, 0);
  LLVMValueRef code = LLVMBuildLoad2(r->b, r->i8, p, "affq.code");
  LLVMSetAlignment(code, 1);
  conv c = conv_at(r, a, p);
  LLVMReplaceAllUsesWith(load, emit_dequantize(r, a, code, &c));
  LLVMInstructionEraseFromParent(load);
}

static void rewrite_store(rw *r, const affq_array *a, LLVMValueRef store) {
  LLVMPositionBuilderBefore(r->b, store);
  LLVMValueRef p = LLVMGetOperand(store, 1);
  conv c = conv_at(r, a, p);
  LLVMValueRef q = emit_quantize(r, a, LLVMGetOperand(store, 0), &c);
  LLVMSetAlignment(LLVMBuildStore(r->b, q, p), 1);
  LLVMInstructionEraseFromParent(store);
}

/* lifetime markers take the size in bytes; the marker annotation goes. */
static void rewrite_marker_call(rw *r, affq_array *a, LLVMValueRef call) {
  uint64_t es = a->esize;
  if (affq_calls(call, "munmap")) { /* a mapping's codes (make_storage): free them */
    LLVMTypeRef fty = LLVMGetCalledFunctionType(call);
    LLVMValueRef fn = LLVMGetNamedFunction(r->M, "affq_munmap_codes");
    if (!fn)
      fn = LLVMAddFunction(r->M, "affq_munmap_codes", fty);
    LLVMSetOperand(call, (unsigned)LLVMGetNumOperands(call) - 1, fn);
  } else if (call == a->marker) {
    LLVMInstructionEraseFromParent(call);
    a->marker = NULL;
  } else if (affq_calls(call, "llvm.assume")) {
    /* an assumption about the floats' addresses (an alignment) need not
     * hold for the codes': only a hint, so it goes */
    LLVMInstructionEraseFromParent(call);
  } else if (affq_calls(call, "llvm.lifetime.")) {
    LLVMValueRef size = LLVMGetOperand(call, 0);
    if (LLVMIsAConstantInt(size) && LLVMConstIntGetSExtValue(size) > 0)
      LLVMSetOperand(call, 0, i64c(r, LLVMConstIntGetZExtValue(size) / es));
  }
}

/* llvm.objectsize of a pointer into the codes counts codes, one per float:
 * times 4 it is the bytes the program's float view has left.  Unknown
 * (-1, or 0 when the minimum is asked for) stays unknown. */
static void rewrite_objsize(rw *r, LLVMValueRef call, unsigned esize) {
  LLVMPositionBuilderBefore(r->b, LLVMGetNextInstruction(call));
  LLVMTypeRef t = LLVMTypeOf(call);
  LLVMValueRef bytes = LLVMBuildShl(r->b, call, LLVMConstInt(t, esize == 8 ? 3 : 2, 0), "affq.objsize");
  LLVMValueRef unknown = LLVMBuildICmp(r->b, LLVMIntEQ, call, LLVMConstAllOnes(t), "");
  LLVMValueRef v = LLVMBuildSelect(r->b, unknown, call, bytes, "");
  LLVMReplaceAllUsesWith(call, v);
  LLVMSetOperand(unknown, 0, call); /* RAUW took these too */
  LLVMSetOperand(bytes, 0, call);
  LLVMSetOperand(v, 1, call);
}

/* A sanitizer's ptrtoint of a pointer into the codes: its checks (UBSan's
 * pointer overflow and alignment) see the float view's address, 4 times the
 * code address, so element i of the array is 4-aligned and 4 bytes after
 * element i - 1, as for floats. */
static void rewrite_addr_int(rw *r, LLVMValueRef pti, unsigned esize) {
  LLVMPositionBuilderBefore(r->b, pti);
  LLVMTypeRef t = LLVMTypeOf(pti);
  LLVMValueRef code_addr = LLVMBuildPtrToInt(r->b, LLVMGetOperand(pti, 0), t, "");
  LLVMValueRef v = LLVMBuildShl(r->b, code_addr, LLVMConstInt(t, esize == 8 ? 3 : 2, 0), "affq.addr");
  LLVMReplaceAllUsesWith(pti, v);
  LLVMInstructionEraseFromParent(pti);
}

/* fread(p, size, n, stream) into the array: affq_fread reads the same
 * bytes in chunks and quantizes whole elements as they arrive, with no
 * float copy of the whole (runtime/fread.c).  Its fortified form passes the
 * buffer's size, in the float view (rewrite_objsize), for glibc's check. */
static void rewrite_fread(rw *r, const affq_array *a, LLVMValueRef call) {
  unsigned k = affq_is_fread(call) == 2; /* __fread_chk: operand 1 is the size */
  LLVMPositionBuilderBefore(r->b, call);
  LLVMTypeRef size_t_ = LLVMTypeOf(call);
  LLVMValueRef nolimit = LLVMConstAllOnes(size_t_);
  LLVMValueRef check = r->check && a->esize == 4 && !a->params_var /* (floats only) */
                           ? affq_check_counters(r->check, a)
                           : LLVMConstNull(r->ptr);
  LLVMValueRef args[7] = {LLVMGetOperand(call, 0),     params_global(r, a),
                          LLVMGetOperand(call, 1 + k), LLVMGetOperand(call, 2 + k),
                          LLVMGetOperand(call, 3 + k), k ? LLVMGetOperand(call, 1) : nolimit,
                          check};
  LLVMValueRef v = affq_build_runtime_call(r->b, r->M, size_t_,
                                           a->esize == 8 ? "affq_fread_f64" : "affq_fread", args, 7);
  LLVMReplaceAllUsesWith(call, v);
  LLVMInstructionEraseFromParent(call);
}

void affq_rewrite_accesses(LLVMModuleRef M, affq_array *a, affq_uses *u, affq_check *check) {
  rw r = rw_open(M, check);
  make_storage(&r, a);
  for (size_t i = 0; i < u->geps.n; i++)
    retype_gep(u->geps.v[i], a->esize);
  for (size_t i = 0; i < u->loads.n; i++)
    rewrite_load(&r, a, u->loads.v[i]);
  for (size_t i = 0; i < u->stores.n; i++)
    rewrite_store(&r, a, u->stores.v[i]);
  for (size_t i = 0; i < u->objsizes.n; i++) /* bytes left, in the float view */
    rewrite_objsize(&r, u->objsizes.v[i], a->esize);
  for (size_t i = 0; i < u->addr_ints.n; i++)
    rewrite_addr_int(&r, u->addr_ints.v[i], a->esize);
  for (size_t i = 0; i < u->calls.n; i++)
    if (!affq_calls(u->calls.v[i], "llvm.mem") && !affq_is_fortified_copy(u->calls.v[i])) {
      rewrite_marker_call(&r, a, u->calls.v[i]);
      affq_values_set(&u->calls, i, NULL); /* done, and the marker is erased: never look at it again */
    }
  for (size_t i = 0; i < u->freads.n; i++)
    rewrite_fread(&r, a, u->freads.v[i]);
  for (size_t i = 0; i < u->ptrdiffs.n; i++) { /* p - q: code addresses differ in elements */
    LLVMValueRef div = u->ptrdiffs.v[i];
    LLVMReplaceAllUsesWith(div, LLVMGetOperand(div, 0));
    LLVMInstructionEraseFromParent(div);
  }
  for (size_t i = 0; i < u->redirect_call.n; i++) { /* calls go to the specialized clones */
    LLVMValueRef call = u->redirect_call.v[i];
    LLVMSetOperand(call, (unsigned)LLVMGetNumOperands(call) - 1, u->redirect_to.v[i]);
  }
  LLVMDisposeBuilder(r.b);
}

/* ---- memcpy, memmove, memset ------------------------------------------------ */

/* The array (among the n being rewritten) that pointer p points into. */
static affq_array *owner(LLVMValueRef p, affq_array **arrays, affq_uses **uses, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (affq_values_has(&uses[i]->pointers, p))
      return arrays[i];
  return NULL;
}

/* Call int name(args...) of the runtime. */
static void call_runtime(rw *r, const char *name, LLVMValueRef *args, unsigned n) {
  affq_build_runtime_call(r->b, r->M, r->i32, name, args, n);
}

/* A constant source of the array's elements (floats, or doubles), if src
 * is one: the values it holds from its start, as many as `count`. */
static double *constant_elements(LLVMValueRef src, size_t count, unsigned esize) {
  LLVMValueRef g = LLVMIsAGlobalVariable(src);
  LLVMValueRef init = g && LLVMIsGlobalConstant(g) ? LLVMGetInitializer(g) : NULL;
  if (!init || !LLVMIsAConstantDataSequential(init) ||
      LLVMGetTypeKind(LLVMGetElementType(LLVMTypeOf(init))) !=
          (esize == 8 ? LLVMDoubleTypeKind : LLVMFloatTypeKind) ||
      LLVMGetArrayLength2(LLVMTypeOf(init)) < count)
    return NULL;
  double *x = malloc((count ? count : 1) * sizeof *x);
  LLVMBool loses;
  for (size_t i = 0; i < count; i++)
    x[i] = LLVMConstRealGetDouble(LLVMGetAggregateElement(init, (unsigned)i), &loses);
  return x;
}

/* A copy whose length, or memset byte, is known only at run time: the
 * runtime copies whole floats with its kernels and a trailing partial float
 * exactly (affq_copy_bytes, affq_set_bytes). */
static void rewrite_runtime_copy(rw *r, int is_set, LLVMValueRef dst, const affq_array *ad,
                                 LLVMValueRef src, const affq_array *as, LLVMValueRef len64,
                                 unsigned esize) {
  LLVMValueRef none = LLVMConstNull(r->ptr);
  int f64 = esize == 8;
  int count = r->check && !f64 && !(ad && ad->params_var); /* (floats only; AFFQ_EXTERN arrays
                                                              are counted where defined) */
  if (count && is_set)
    affq_check_count_fill(r->check, r->b, ad, params_global(r, ad), src, len64);
  else if (count && ad) /* (a trailing partial float is not counted) */
    affq_check_count_copy(r->check, r->b, ad, params_global(r, ad), src, as ? params_global(r, as) : NULL,
                    LLVMBuildLShr(r->b, len64, LLVMConstInt(r->i64, 2, 0), ""));
  if (is_set) {
    LLVMValueRef byte = LLVMBuildIntCast2(r->b, src, r->i32, 0, "");
    LLVMValueRef args[4] = {dst, params_global(r, ad), byte, len64};
    affq_build_runtime_call(r->b, r->M, LLVMVoidTypeInContext(r->ctx),
                            f64 ? "affq_set_bytes_f64" : "affq_set_bytes", args, 4);
    return;
  }
  LLVMValueRef args[5] = {dst, ad ? params_global(r, ad) : none, src,
                          as ? params_global(r, as) : none, len64};
  affq_build_runtime_call(r->b, r->M, LLVMVoidTypeInContext(r->ctx),
                          f64 ? "affq_copy_bytes_f64" : "affq_copy_bytes", args, 5);
}

/* Elements into codes (copy len bytes, count elements, from src to dst in
 * array ad): quantized at compile time when they are constant (the
 * initializer params.c flattened, or a constant global), else by the
 * runtime. */
static void copy_into_codes(rw *r, LLVMValueRef call, LLVMValueRef dst, const affq_array *ad,
                            LLVMValueRef src, LLVMValueRef len, LLVMValueRef count,
                            LLVMValueRef count64) {
  unsigned esize = ad->esize;
  size_t k = LLVMIsAConstantInt(len) ? LLVMConstIntGetZExtValue(len) / esize : 0;
  double *x = NULL;
  if (ad->init_from_memcpy && call == ad->init_call) { /* the initializer (k == count) */
    x = calloc(k ? k : 1, sizeof *x); /* all zero when params.c kept no copy */
    if (ad->init)
      memcpy(x, ad->init, k * sizeof *x); /* params.c flattened it, nested arrays and all */
  } else if (k) {
    x = constant_elements(src, k, esize);
  }
  if (x && !ad->params_var && (!ad->options.per_row || dst == ad->storage)) { /* per row: from 0 */
    char *codes = quantize_elements(ad, x, 0, k);
    LLVMValueRef c = affq_private_constant(r->M, LLVMConstStringInContext2(r->ctx, codes, k, 1), "affq.init");
    LLVMBuildMemCpy(r->b, dst, 1, c, 1, count);
    free(codes);
  } else {
    if (r->check && esize == 4 && !ad->params_var) /* (the check counts floats only) */
      affq_check_count_copy(r->check, r->b, ad, params_global(r, ad), src, NULL, count64);
    LLVMValueRef args[4] = {src, dst, count64, params_global(r, ad)};
    call_runtime(r, esize == 8 ? "affq_quantize_f64" : "affq_quantize", args, 4);
  }
  free(x);
}

static void rewrite_copy(rw *r, LLVMValueRef call, affq_array **arrays, affq_uses **uses, size_t n) {
  int fortified = affq_is_fortified_copy(call);
  size_t name_len;
  const char *name = affq_callee_name(call, &name_len);
  int is_set = affq_calls(call, "llvm.memset.") || (fortified && strstr(name, "memset"));
  int is_move = affq_calls(call, "llvm.memmove.") || (fortified && strstr(name, "memmove"));
  LLVMValueRef dst = LLVMGetOperand(call, 0), src = LLVMGetOperand(call, 1);
  LLVMValueRef len = LLVMGetOperand(call, 2);
  affq_array *ad = owner(dst, arrays, uses, n), *as = is_set ? NULL : owner(src, arrays, uses, n);
  LLVMPositionBuilderBefore(r->b, call);
  LLVMValueRef len64 = LLVMBuildZExtOrBitCast(r->b, len, r->i64, "");
  if (fortified) { /* glibc's check, on the float view's sizes (rewrite_objsize) */
    LLVMValueRef args[2] = {len64, LLVMBuildZExtOrBitCast(r->b, LLVMGetOperand(call, 3), r->i64, "")};
    affq_build_runtime_call(r->b, r->M, LLVMVoidTypeInContext(r->ctx), "affq_fortify_check", args, 2);
    if (LLVMGetFirstUse(call)) /* they return dst */
      LLVMReplaceAllUsesWith(call, dst);
  }
  unsigned esize = (ad ? ad : as)->esize;
  /* a byte count or memset byte known only at run time, or a memset of an
   * AFFQ_EXTERN array (its code for that byte is not known here) */
  if (!LLVMIsAConstantInt(len) || (is_set && (!LLVMIsAConstantInt(src) || ad->params_var))) {
    rewrite_runtime_copy(r, is_set, dst, ad, src, as, len64, esize);
    LLVMInstructionEraseFromParent(call);
    return;
  }
  /* a constant count: whole elements (uses.c) */
  LLVMValueRef count = LLVMBuildLShr(r->b, len, LLVMConstInt(LLVMTypeOf(len), esize == 8 ? 3 : 2, 0),
                                     "affq.count");
  LLVMValueRef count64 = LLVMBuildZExtOrBitCast(r->b, count, r->i64, "");
  if (is_set && ad->init_from_memcpy && call == ad->init_call) {
    /* a local's initializer written as memset 0 + stores (storage.c): the
     * whole initializer's codes, row by row for per-row arrays */
    copy_into_codes(r, call, dst, ad, src, len, count, count64);
  } else if (is_set) { /* every element is the one made of this byte, four (eight) times */
    uint8_t byte = (uint8_t)(LLVMConstIntGetZExtValue(src) & 0xff); /* i8, or int for __memset_chk */
    uint64_t bits = 0x0101010101010101ull * byte;
    float f;
    double d;
    memcpy(&f, &bits, sizeof f);
    memcpy(&d, &bits, sizeof d);
    uint8_t code = (uint8_t)affq_quantize_element(ad, &ad->params[0], esize == 8 ? d : f);
    if (r->check && esize == 4 && !ad->params_var) /* (the check counts floats only) */
      affq_check_count_fill(r->check, r->b, ad, params_global(r, ad), src, len64);
    LLVMBuildMemSet(r->b, dst, LLVMConstInt(r->i8, code, 0), count, 1);
  } else if (ad && as) { /* codes to codes */
    if (ad == as || !memcmp(ad->params, as->params, sizeof *ad->params)) {
      if (is_move)
        LLVMBuildMemMove(r->b, dst, 1, src, 1, count);
      else
        LLVMBuildMemCpy(r->b, dst, 1, src, 1, count);
    } else {
      if (r->check && esize == 4 && !ad->params_var)
        affq_check_count_copy(r->check, r->b, ad, params_global(r, ad), src, params_global(r, as), count64);
      LLVMValueRef args[5] = {src, params_global(r, as), dst, params_global(r, ad), count64};
      if (esize == 8) /* void, unlike affq_requantize */
        affq_build_runtime_call(r->b, r->M, LLVMVoidTypeInContext(r->ctx), "affq_requantize_f64", args, 5);
      else
        call_runtime(r, "affq_requantize", args, 5);
    }
  } else if (ad) { /* floats into codes: at compile time if they are constant */
    copy_into_codes(r, call, dst, ad, src, len, count, count64);
    /* the float constant clang copied from may now be dead */
    if (LLVMIsAGlobalVariable(src) && LLVMGetLinkage(src) == LLVMPrivateLinkage) {
      LLVMInstructionEraseFromParent(call);
      if (!LLVMGetFirstUse(src))
        LLVMDeleteGlobal(src);
      return;
    }
  } else { /* codes out to floats */
    LLVMValueRef args[4] = {src, dst, count64, params_global(r, as)};
    call_runtime(r, esize == 8 ? "affq_dequantize_f64" : "affq_dequantize", args, 4);
  }
  LLVMInstructionEraseFromParent(call);
}

void affq_rewrite_copies(LLVMModuleRef M, affq_array **arrays, affq_uses **uses, size_t n,
                         affq_check *check) {
  rw r = rw_open(M, check);
  affq_values done = {0};
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < uses[i]->calls.n; k++) {
      LLVMValueRef call = uses[i]->calls.v[k];
      /* a copy between two arrays is in both lists: after the first rewrite
       * it is erased, so check `done` before looking at it */
      if (!call || affq_values_has(&done, call))
        continue;
      affq_values_push(&done, call);
      rewrite_copy(&r, call, arrays, uses, n);
    }
  affq_values_free(&done);
  LLVMDisposeBuilder(r.b);
}

void affq_replace_storage(affq_array *a) {
  if (a->kind == AFFQ_STORAGE_HEAP) /* the same allocation */
    return;
  if (a->kind == AFFQ_STORAGE_EXTERN) { /* the declaration goes if nothing else names it */
    LLVMReplaceAllUsesWith(a->storage, a->codes);
    if (!LLVMGetFirstUse(a->storage))
      LLVMDeleteGlobal(a->storage);
    a->storage = a->codes;
    return;
  }
  LLVMReplaceAllUsesWith(a->storage, a->codes);
  if (a->kind == AFFQ_STORAGE_GLOBAL)
    LLVMDeleteGlobal(a->storage);
  else
    LLVMInstructionEraseFromParent(a->storage);
  a->storage = a->codes;
}
