/*
 * annotations.c - find the arrays marked with affq annotations.
 *
 * clang turns __attribute__((annotate("affq...", args...))) into
 *   - for a global or static variable: an entry { ptr, str, file, line, args }
 *     of @llvm.global.annotations;
 *   - for a local: a call @llvm.var.annotation(ptr, str, file, line, args)
 *     right after its alloca;
 *   - for a struct field: a call @llvm.ptr.annotation at each access.  Fields
 *     are not quantized yet: they are collected once per declaration, so
 *     that the pass can say so (never a silently ignored annotation).
 * AFFQ_EXTERN(W) leaves a marker global annotated "affq_extern" (below).
 * The string is "affq" or "affq:OPTIONS"; a range comes as two double args:
 * annotate("affq", lo, hi).  Anything else starting "affq" is an error the
 * pass reports (unknown option), so it is collected too.
 */
#include "affq_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The text of a constant C string global (NULL if it is not one). */
const char *affq_const_string(LLVMValueRef ptr, size_t *len) {
  LLVMValueRef g = LLVMIsAGlobalVariable(ptr);
  if (!g || !LLVMGetInitializer(g) || !LLVMIsAConstantDataSequential(LLVMGetInitializer(g)))
    return NULL;
  const char *s = LLVMGetAsString(LLVMGetInitializer(g), len);
  while (*len && s[*len - 1] == '\0')
    (*len)--;
  return s;
}

int affq_is_annotation_text(const char *s, size_t len) {
  return s && len >= 4 && !strncmp(s, "affq", 4) && (len == 4 || s[4] == ':');
}

static void copy_text(char *dst, size_t size, const char *src, size_t len) {
  if (len >= size)
    len = size - 1;
  memcpy(dst, src, len);
  dst[len] = 0;
}

/* Fill the parts common to globals and locals from the annotation operands:
 * text, file, line and the args struct.  Returns 0 if not ours. */
static int read_annotation(affq_array *a, LLVMValueRef text, LLVMValueRef file, LLVMValueRef line,
                           LLVMValueRef args, int taffo) {
  size_t len, flen;
  const char *s = affq_const_string(text, &len);
  if (s && taffo && !affq_is_annotation_text(s, len) && affq_taffo_looks_like(s, len)) {
    /* TAFFO's language: parsed here, mapped to affq's options in pass.c */
    char copy[1024];
    copy_text(copy, sizeof copy, s, len);
    a->taffo = 1;
    if (affq_taffo_parse(copy, &a->taffo_info, a->taffo_error, sizeof a->taffo_error) &&
        !a->taffo_error[0])
      snprintf(a->taffo_error, sizeof a->taffo_error, "not understood");
    const char *f = affq_const_string(file, &flen);
    copy_text(a->file, sizeof a->file, f ? f : "<unknown>", f ? flen : 9);
    a->line = (unsigned)LLVMConstIntGetZExtValue(line);
    return 1;
  }
  if (!affq_is_annotation_text(s, len))
    return 0;
  copy_text(a->option_text, sizeof a->option_text, len > 5 ? s + 5 : "", len > 5 ? len - 5 : 0);
  const char *f = affq_const_string(file, &flen);
  copy_text(a->file, sizeof a->file, f ? f : "<unknown>", f ? flen : 9);
  a->line = (unsigned)LLVMConstIntGetZExtValue(line);
  /* args: a private constant global holding a struct of the values */
  LLVMValueRef g = LLVMIsAGlobalVariable(args);
  LLVMValueRef init = g ? LLVMGetInitializer(g) : NULL;
  /* (by element, not operand: AFFQ_RANGE(0, 0) is a zeroinitializer, which
   * has no operands) */
  LLVMTypeRef it = init ? LLVMTypeOf(init) : NULL;
  if (it && LLVMGetTypeKind(it) == LLVMStructTypeKind && LLVMCountStructElementTypes(it) >= 2) {
    LLVMValueRef lo = LLVMGetAggregateElement(init, 0), hi = LLVMGetAggregateElement(init, 1);
    LLVMBool loses;
    if (lo && hi && LLVMIsAConstantFP(lo) && LLVMIsAConstantFP(hi)) {
      a->has_range = 1;
      a->lo = LLVMConstRealGetDouble(lo, &loses);
      a->hi = LLVMConstRealGetDouble(hi, &loses);
    } else {
      a->has_range = -1; /* arguments that are not a numeric range */
    }
  } else if (init) {
    a->has_range = -1;
  }
  return 1;
}

static void push_array(affq_array **out, size_t *n, size_t *cap, const affq_array *a) {
  *out = affq_grow(*out, cap, *n, sizeof **out);
  (*out)[(*n)++] = *a;
}

/* g without its casts and constant GEPs (what a marker's initializer names). */
static LLVMValueRef strip(LLVMValueRef v) {
  while (v && LLVMIsAConstantExpr(v) && LLVMGetNumOperands(v) > 0)
    v = LLVMGetOperand(v, 0);
  return v;
}

/* Rebuild the appending global `list` (llvm.used, llvm.global.annotations)
 * without the elements that name g. */
static void drop_from_list(LLVMModuleRef M, const char *list, LLVMValueRef g) {
  LLVMValueRef lg = LLVMGetNamedGlobal(M, list);
  LLVMValueRef init = lg ? LLVMGetInitializer(lg) : NULL;
  if (!init || LLVMGetTypeKind(LLVMTypeOf(init)) != LLVMArrayTypeKind)
    return;
  unsigned n = (unsigned)LLVMGetArrayLength2(LLVMTypeOf(init)), kept = 0;
  LLVMValueRef *keep = malloc((n ? n : 1) * sizeof *keep);
  for (unsigned i = 0; i < n; i++) {
    LLVMValueRef e = LLVMGetAggregateElement(init, i);
    LLVMValueRef named = LLVMIsAConstantStruct(e) ? LLVMGetOperand(e, 0) : e;
    if (strip(named) != g)
      keep[kept++] = e;
  }
  if (kept < n) {
    LLVMTypeRef et = LLVMGetElementType(LLVMTypeOf(init));
    const char *section = LLVMGetSection(lg);
    char *sec = section ? strdup(section) : NULL;
    LLVMSetValueName2(lg, "", 0);
    if (kept) {
      LLVMValueRef ni = LLVMConstArray2(et, keep, kept);
      LLVMValueRef ng = LLVMAddGlobal(M, LLVMTypeOf(ni), list);
      LLVMSetInitializer(ng, ni);
      LLVMSetLinkage(ng, LLVMAppendingLinkage);
      if (sec)
        LLVMSetSection(ng, sec);
    }
    LLVMDeleteGlobal(lg);
    free(sec);
  }
  free(keep);
}

/*
 * AFFQ_EXTERN(W) (affq.h) leaves a static marker, annotated "affq_extern",
 * whose value is W's address: clang keeps no annotation on an extern
 * declaration, so the marker says it.  Where W is only declared, W is an
 * extern array (its codes and parameters come from the file that defines
 * it); where W is defined, its own annotation rules.  The markers go
 * either way, before anything else looks at W's uses.
 */
static void find_externs(LLVMModuleRef M, affq_array **out, size_t *n, size_t *cap) {
  LLVMValueRef ga = LLVMGetNamedGlobal(M, "llvm.global.annotations");
  LLVMValueRef list = ga ? LLVMGetInitializer(ga) : NULL;
  LLVMValueRef markers[256];
  int n_markers = 0, n_externs = 0;
  affq_array *externs = malloc(256 * sizeof *externs);
  for (int i = 0, e = list ? LLVMGetNumOperands(list) : 0; i < e && n_markers < 256; i++) {
    LLVMValueRef entry = LLVMGetOperand(list, (unsigned)i);
    size_t len, flen;
    const char *s = LLVMGetNumOperands(entry) >= 5 ? affq_const_string(LLVMGetOperand(entry, 1), &len)
                                                   : NULL;
    LLVMValueRef marker = strip(LLVMGetOperand(entry, 0));
    if (!s || len != 11 || strncmp(s, "affq_extern", 11) || !LLVMIsAGlobalVariable(marker))
      continue;
    markers[n_markers++] = marker;
    LLVMValueRef target = LLVMGetInitializer(marker) ? strip(LLVMGetInitializer(marker)) : NULL;
    affq_array a;
    memset(&a, 0, sizeof a);
    const char *f = affq_const_string(LLVMGetOperand(entry, 2), &flen);
    copy_text(a.file, sizeof a.file, f ? f : "<unknown>", f ? flen : 9);
    a.line = (unsigned)LLVMConstIntGetZExtValue(LLVMGetOperand(entry, 3));
    a.kind = AFFQ_STORAGE_EXTERN;
    a.storage = target;
    const char *name = target ? LLVMGetValueName2(target, &len) : "";
    snprintf(a.name, sizeof a.name, "'%.*s'", (int)(target ? len : 0), name);
    if (LLVMIsAGlobalVariable(target) && !LLVMIsDeclaration(target))
      continue; /* defined here: quantized (or not) by its own annotation */
    externs[n_externs++] = a;
  }
  for (int k = 0; k < n_markers; k++) {
    drop_from_list(M, "llvm.global.annotations", markers[k]);
    drop_from_list(M, "llvm.used", markers[k]);
    drop_from_list(M, "llvm.compiler.used", markers[k]);
    affq_delete_unused_global(markers[k]);
  }
  /* a header's AFFQ_EXTERN in a file that never uses W: nothing to do */
  for (int k = 0; k < n_externs; k++)
    if (!LLVMIsAGlobalVariable(externs[k].storage) || !affq_delete_unused_global(externs[k].storage))
      push_array(out, n, cap, &externs[k]);
  free(externs);
}

static void find_globals(LLVMModuleRef M, int taffo, affq_array **out, size_t *n, size_t *cap) {
  LLVMValueRef ga = LLVMGetNamedGlobal(M, "llvm.global.annotations");
  LLVMValueRef list = ga ? LLVMGetInitializer(ga) : NULL;
  if (!list)
    return;
  for (int i = 0, e = LLVMGetNumOperands(list); i < e; i++) {
    LLVMValueRef entry = LLVMGetOperand(list, (unsigned)i);
    if (LLVMGetNumOperands(entry) < 5)
      continue;
    affq_array a;
    memset(&a, 0, sizeof a);
    if (!read_annotation(&a, LLVMGetOperand(entry, 1), LLVMGetOperand(entry, 2),
                         LLVMGetOperand(entry, 3), LLVMGetOperand(entry, 4), taffo))
      continue;
    a.storage = LLVMGetOperand(entry, 0);
    a.kind = AFFQ_STORAGE_GLOBAL;
    size_t len;
    const char *name = LLVMGetValueName2(a.storage, &len);
    snprintf(a.name, sizeof a.name, "'%.*s'", (int)len, name);
    push_array(out, n, cap, &a);
  }
}

static void find_locals(LLVMModuleRef M, int taffo, affq_array **out, size_t *n, size_t *cap) {
  for (LLVMValueRef f = LLVMGetFirstFunction(M); f; f = LLVMGetNextFunction(f))
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
      for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
        if (!LLVMIsACallInst(i) || LLVMGetNumArgOperands(i) < 5)
          continue;
        int field = affq_calls(i, "llvm.ptr.annotation");
        if (!field && !affq_calls(i, "llvm.var.annotation"))
          continue;
        size_t len;
        affq_array a;
        memset(&a, 0, sizeof a);
        if (!read_annotation(&a, LLVMGetOperand(i, 1), LLVMGetOperand(i, 2), LLVMGetOperand(i, 3),
                             LLVMGetOperand(i, 4), taffo))
          continue;
        if (field) { /* a struct field: one entry per declaration, for its warning */
          int seen = 0;
          for (size_t k = 0; k < *n && !seen; k++)
            seen = (*out)[k].kind == AFFQ_STORAGE_FIELD && (*out)[k].line == a.line &&
                   !strcmp((*out)[k].file, a.file);
          a.kind = AFFQ_STORAGE_FIELD;
          a.storage = i;
          snprintf(a.name, sizeof a.name, "a struct field");
          if (!seen)
            push_array(out, n, cap, &a);
          continue;
        }
        a.storage = LLVMGetOperand(i, 0);
        a.kind = AFFQ_STORAGE_LOCAL;
        a.function = f;
        a.marker = i;
        const char *fname = LLVMGetValueName2(f, &len);
        snprintf(a.name, sizeof a.name, "local array in '%.*s'", (int)len, fname);
        push_array(out, n, cap, &a);
      }
}

/* Source order: file, then line (diagnostics read top to bottom). */
static int by_position(const void *x, const void *y) {
  const affq_array *a = x, *b = y;
  int c = strcmp(a->file, b->file);
  return c ? c : (a->line > b->line) - (a->line < b->line);
}

int affq_find_annotations(LLVMModuleRef M, int taffo, affq_array **out, size_t *n) {
  size_t cap = 0;
  *out = NULL;
  *n = 0;
  find_externs(M, out, n, &cap); /* first: its markers go before the rest look */
  find_globals(M, taffo, out, n, &cap);
  find_locals(M, taffo, out, n, &cap);
  if (*n > 1)
    qsort(*out, *n, sizeof **out, by_position);
  return 0;
}
