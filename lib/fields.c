/*
 * fields.c - annotated pointer fields of a struct:
 *   struct Weights { AFFQ_RANGE(-1.0f, 1.0f) float *wq; ... };
 *   w->wq = malloc(n * sizeof(float));
 *
 * clang marks every access to an annotated field, `w->wq` in any function
 * and any form (a member expression, a designated initializer), with a call
 * @llvm.ptr.annotation on the field's address.  Those calls are the field's
 * "slots": like a local pointer variable's alloca (heap.c), each one is
 * read for a pointer into the memory and written with one.  What gets
 * quantized is the memory: the one malloc, calloc, aligned_alloc or mmap
 * whose result is stored into the field (directly, or returned by an
 * allocation wrapper defined in the file: wrappers.c).  It becomes heap storage, and
 * uses.c follows every slot: every pointer loaded from the field, in every
 * function of the module, is a pointer into the codes.
 *
 * That is safe only if no access reaches the field without its annotation,
 * so this file refuses (the field stays float, with the reason):
 *   - an array field (`float w[64]` inside the struct): its size is the
 *     struct's layout, shared with code affq does not see;
 *   - a field given memory other than one allocation in this file, or by
 *     more than one allocation site;
 *   - an address of the field computed without the annotation (a GEP to the
 *     field not followed by @llvm.ptr.annotation), or a static initializer
 *     that sets it.
 * Other files: each file that includes the struct sees the same annotation,
 * so each must be compiled with affq; see docs/storage.md.
 */
#include "affq_internal.h"

#include <llvm-c/Comdat.h>

#include <stdio.h>
#include <string.h>

/* The struct type and field index a GEP to a field names: `T, base, 0, k`
 * (instruction or constant) with T a struct. */
static int field_of(LLVMValueRef addr, LLVMTypeRef *st, unsigned *k) {
  int gep = LLVMIsAGetElementPtrInst(addr) ||
            (LLVMIsAConstantExpr(addr) && LLVMGetConstOpcode(addr) == LLVMGetElementPtr);
  if (!gep)
    return 0;
  LLVMTypeRef t = LLVMGetGEPSourceElementType(addr);
  if (LLVMGetTypeKind(t) != LLVMStructTypeKind || LLVMGetNumOperands(addr) != 3)
    return 0;
  LLVMValueRef idx = LLVMGetOperand(addr, 2);
  if (!LLVMIsAConstantInt(idx))
    return 0;
  *st = t;
  *k = (unsigned)LLVMConstIntGetZExtValue(idx);
  return 1;
}

/* The field an annotation's address names.  Besides a GEP to the field,
 * clang's constant folding leaves the address of the struct itself for
 * field 0 (a global `s`, or `arr[1]` of a global array of structs: the
 * GEP's zero index folded away): then it is field 0 of the innermost
 * struct that starts there. */
static int annotated_field(LLVMValueRef addr, LLVMTypeRef *st, unsigned *k) {
  if (field_of(addr, st, k))
    return 1;
  LLVMTypeRef t = NULL;
  if (LLVMIsAGlobalVariable(addr)) {
    t = LLVMGlobalGetValueType(addr);
  } else if (LLVMIsAAllocaInst(addr)) {
    t = LLVMGetAllocatedType(addr);
  } else if (LLVMIsAGetElementPtrInst(addr) ||
             (LLVMIsAConstantExpr(addr) && LLVMGetConstOpcode(addr) == LLVMGetElementPtr)) {
    t = LLVMGetGEPSourceElementType(addr); /* the type each index steps into */
    for (unsigned i = 2, n = (unsigned)LLVMGetNumOperands(addr); t && i < n; i++) {
      LLVMTypeKind tk = LLVMGetTypeKind(t);
      LLVMValueRef idx = LLVMGetOperand(addr, i);
      if (tk == LLVMArrayTypeKind)
        t = LLVMGetElementType(t);
      else if (tk == LLVMStructTypeKind && LLVMIsAConstantInt(idx))
        t = LLVMStructGetTypeAtIndex(t, (unsigned)LLVMConstIntGetZExtValue(idx));
      else
        t = NULL;
    }
  }
  if (!t || LLVMGetTypeKind(t) != LLVMStructTypeKind)
    return 0;
  while (LLVMCountStructElementTypes(t) &&
         LLVMGetTypeKind(LLVMStructGetTypeAtIndex(t, 0)) == LLVMStructTypeKind)
    t = LLVMStructGetTypeAtIndex(t, 0);
  if (!LLVMCountStructElementTypes(t))
    return 0;
  *st = t;
  *k = 0;
  return 1;
}

/* Is `call` an annotation of the same field declaration as `first`? */
static int same_annotation(LLVMValueRef call, LLVMValueRef first) {
  if (!LLVMIsACallInst(call) || !affq_calls(call, "llvm.ptr.annotation") ||
      LLVMGetNumArgOperands(call) < 4)
    return 0;
  for (unsigned i = 1; i <= 3; i++)
    if (LLVMGetOperand(call, i) != LLVMGetOperand(first, i))
      return 0;
  return 1;
}

static unsigned line_of(LLVMValueRef inst) {
  return inst && LLVMIsAInstruction(inst) ? LLVMGetDebugLocLine(inst) : 0;
}

static LLVMValueRef function_of(LLVMValueRef inst) {
  return LLVMGetBasicBlockParent(LLVMGetInstructionParent(inst));
}

static void located(char *why, size_t size, LLVMValueRef where, const char *what) {
  char fn[160];
  affq_user_function_name(function_of(where), fn, sizeof fn);
  unsigned line = line_of(where);
  if (line)
    snprintf(why, size, "%s (in '%s', line %u)", what, fn, line);
  else
    snprintf(why, size, "%s (in '%s')", what, fn);
}

/* Does a constant (a static initializer) set field k of a struct of type
 * st to something other than null? */
static int initializer_sets(LLVMValueRef c, LLVMTypeRef st, unsigned k) {
  if (!c || LLVMIsNull(c) || LLVMIsUndef(c) || LLVMIsPoison(c))
    return 0;
  LLVMTypeRef t = LLVMTypeOf(c);
  LLVMTypeKind tk = LLVMGetTypeKind(t);
  if (tk != LLVMStructTypeKind && tk != LLVMArrayTypeKind)
    return 0;
  if (t == st) {
    LLVMValueRef f = LLVMGetAggregateElement(c, k);
    if (f && !LLVMIsNull(f) && !LLVMIsUndef(f) && !LLVMIsPoison(f))
      return 1;
  }
  unsigned n = tk == LLVMStructTypeKind ? LLVMCountStructElementTypes(t)
                                        : (unsigned)LLVMGetArrayLength2(t);
  for (unsigned i = 0; i < n; i++)
    if (initializer_sets(LLVMGetAggregateElement(c, i), st, k))
      return 1;
  return 0;
}

static LLVMValueRef check_unannotated(LLVMModuleRef M, LLVMTypeRef st, unsigned k,
                                      LLVMValueRef first) {
  for (LLVMValueRef f = LLVMGetFirstFunction(M); f; f = LLVMGetNextFunction(f))
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
      for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
        for (int o = 0, n = LLVMGetNumOperands(i); o < n; o++) {
          LLVMValueRef v = LLVMGetOperand(i, (unsigned)o);
          LLVMTypeRef vt;
          unsigned vk;
          if (v && (LLVMIsAGetElementPtrInst(v) || LLVMIsAConstantExpr(v)) &&
              field_of(v, &vt, &vk) && vt == st && vk == k &&
              !(same_annotation(i, first) && o == 0))
            return i;
        }
  return NULL;
}

/* The allocations a stored value may come from: the call itself, through
 * phis and selects, or through a local pointer variable one was stored
 * into (clang's -O0 form of `float *p = malloc(..); s->w = p;`). */
static void allocations_of(LLVMValueRef v, affq_values *out, int depth) {
  if (depth > 8)
    return;
  if (affq_allocation_kind(v) != AFFQ_ALLOC_NONE || affq_wrapper_call_allocation(v)) {
    affq_values_add(out, v); /* (a wrapper's call: its own copy, below) */
  } else if (LLVMIsAPHINode(v)) {
    for (unsigned k = 0, n = LLVMCountIncoming(v); k < n; k++)
      allocations_of(LLVMGetIncomingValue(v, k), out, depth + 1);
  } else if (LLVMIsASelectInst(v)) {
    allocations_of(LLVMGetOperand(v, 1), out, depth + 1);
    allocations_of(LLVMGetOperand(v, 2), out, depth + 1);
  } else if (LLVMIsALoadInst(v) && LLVMIsAAllocaInst(LLVMGetOperand(v, 0))) {
    LLVMValueRef slot = LLVMGetOperand(v, 0);
    for (LLVMUseRef u = LLVMGetFirstUse(slot); u; u = LLVMGetNextUse(u)) {
      LLVMValueRef st = LLVMGetUser(u);
      if (LLVMIsAStoreInst(st) && LLVMGetOperand(st, 1) == slot)
        allocations_of(LLVMGetOperand(st, 0), out, depth + 1);
    }
  }
}

static int is_null_value(LLVMValueRef v) {
  return LLVMIsNull(v) || LLVMIsUndef(v) || LLVMIsPoison(v);
}

static int stores_into(const affq_array *a) {
  for (size_t s = 0; s < a->field_slots.n; s++)
    for (LLVMUseRef u = LLVMGetFirstUse(a->field_slots.v[s]); u; u = LLVMGetNextUse(u))
      if (LLVMIsAStoreInst(LLVMGetUser(u)) && LLVMGetOperand(LLVMGetUser(u), 1) == a->field_slots.v[s])
        return 1;
  return 0;
}

int affq_find_field_storage(LLVMModuleRef M, affq_array *a, char *why, size_t size) {
  LLVMValueRef first = a->storage;
  LLVMTypeRef st;
  unsigned k;
  if (!annotated_field(LLVMGetOperand(first, 0), &st, &k)) {
    snprintf(why, size, "affq cannot tell which struct field it annotates");
    return -1;
  }
  size_t slen;
  const char *sname = LLVMGetStructName(st);
  slen = sname ? strlen(sname) : 0;
  if (slen > 7 && !strncmp(sname, "struct.", 7))
    sname += 7, slen -= 7;
  snprintf(a->name, sizeof a->name, "field of 'struct %.*s'", (int)slen, sname ? sname : "?");
  if (LLVMGetTypeKind(LLVMStructGetTypeAtIndex(st, k)) != LLVMPointerTypeKind) {
    snprintf(why, size, "it is an array inside the struct, whose size is the struct's layout; "
                        "affq quantizes pointer fields (float *w) given memory by malloc");
    return -1;
  }
  /* every annotated access of the field: the slots */
  affq_values_clear(&a->field_slots);
  for (LLVMValueRef f = LLVMGetFirstFunction(M); f; f = LLVMGetNextFunction(f))
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
      for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
        LLVMTypeRef it;
        unsigned ik;
        if (!same_annotation(i, first))
          continue;
        if (!annotated_field(LLVMGetOperand(i, 0), &it, &ik) || it != st || ik != k) {
          located(why, size, i, "the same annotation marks a field of another struct");
          return -1;
        }
        affq_values_push(&a->field_slots, i);
      }
  LLVMValueRef bad = check_unannotated(M, st, k, first);
  if (bad) {
    located(why, size, bad, "the field's address is taken without its annotation");
    return -1;
  }
  for (LLVMValueRef g = LLVMGetFirstGlobal(M); g; g = LLVMGetNextGlobal(g))
    if (initializer_sets(LLVMGetInitializer(g), st, k)) {
      size_t gl;
      const char *gn = LLVMGetValueName2(g, &gl);
      snprintf(why, size, "the static initializer of '%.*s' sets it; give it memory from malloc at "
                          "run time instead",
               (int)gl, gn);
      return -1;
    }
  /* what is stored into it: one allocation, and null (uses.c checks that
   * nothing else is: pointers into the memory only) */
  LLVMValueRef alloc = NULL, other = NULL, other_at = NULL;
  affq_values from = {0};
  for (size_t s = 0; s < a->field_slots.n; s++)
    for (LLVMUseRef u = LLVMGetFirstUse(a->field_slots.v[s]); u; u = LLVMGetNextUse(u)) {
      LLVMValueRef user = LLVMGetUser(u);
      if (!LLVMIsAStoreInst(user) || LLVMGetOperand(user, 1) != a->field_slots.v[s])
        continue;
      LLVMValueRef v = LLVMGetOperand(user, 0);
      size_t before = from.n;
      allocations_of(v, &from, 0);
      if (from.n > 1) {
        affq_values_free(&from);
        located(why, size, user,
                "it is given memory by more than one allocation site; affq quantizes a pointer "
                "field whose memory comes from one malloc, calloc, aligned_alloc or mmap");
        return -1;
      }
      if (from.n == before && !is_null_value(v) && !other)
        other = v, other_at = user;
    }
  alloc = from.n ? from.v[0] : NULL;
  affq_values_free(&from);
  if (!alloc && !other && !stores_into(a)) {
    /* only read here: another file gives it memory, and quantizes it with
     * the same parameters (the annotation's) or the link fails (marks) */
    a->kind = AFFQ_STORAGE_HEAP;
    a->field = a->field_reader = 1;
    a->storage = first;
    return 0;
  }
  if (!alloc) {
    size_t len = 0;
    const char *f = other ? affq_callee_name(other, &len) : NULL;
    char what[320];
    if (len)
      snprintf(what, sizeof what,
               "its memory comes from '%.*s', not from malloc, calloc, aligned_alloc or mmap in "
               "this file",
               (int)len, f);
    else
      snprintf(what, sizeof what,
               "it is not given memory by malloc, calloc, aligned_alloc or mmap in this file");
    if (other_at)
      located(why, size, other_at, what);
    else
      snprintf(why, size, "%s", what);
    return -1;
  }
  a->function = function_of(alloc);
  if (affq_allocation_kind(alloc) == AFFQ_ALLOC_NONE && !(alloc = affq_specialize_wrapper(a, alloc))) {
    snprintf(why, size, "affq could not copy its allocation wrapper");
    return -1;
  }
  a->storage = alloc;
  a->kind = AFFQ_STORAGE_HEAP;
  a->field = 1;
  return 0;
}

/*
 * Every file that reaches the field must agree on what its memory holds.
 * Each file that accesses it leaves a mark the linker checks: a constant in
 * a COMDAT group named for the field (by its declaration's file and line),
 * whose symbol name says what this file decided, and a reference to it.
 * The linker keeps one group per name; a file that decided otherwise then
 * refers to a symbol of a discarded group, which both GNU ld and lld
 * refuse, printing that symbol's name: the message below.
 */
static void refer_to(LLVMModuleRef M, LLVMValueRef target) {
  LLVMContextRef ctx = LLVMGetModuleContext(M);
  LLVMValueRef ref = LLVMAddGlobal(M, LLVMPointerTypeInContext(ctx, 0), "affq.field.ref");
  LLVMSetInitializer(ref, target);
  LLVMSetGlobalConstant(ref, 1);
  LLVMSetLinkage(ref, LLVMInternalLinkage);
  affq_append_used(M, ref);
}

static LLVMValueRef byte_constant(LLVMModuleRef M, const char *name) {
  LLVMTypeRef i8 = LLVMInt8TypeInContext(LLVMGetModuleContext(M));
  LLVMValueRef g = LLVMAddGlobal(M, i8, name);
  LLVMSetInitializer(g, LLVMConstInt(i8, 0, 0));
  LLVMSetGlobalConstant(g, 1);
  return g;
}

void affq_field_mark_decision(LLVMModuleRef M, const affq_array *a, int quantized) {
  const char *base = strrchr(a->file, '/');
  base = base ? base + 1 : a->file;
  char group[600], name[900], given[700];
  snprintf(group, sizeof group, "affq.field:%s:%u", base, a->line);
  snprintf(given, sizeof given,
           "affq: %s:%u: no file compiled with affq gives the pointer field its memory", base,
           a->line);
  if (quantized)
    snprintf(name, sizeof name,
             "affq: %s:%u: the pointer field is int8 (s=%.9g z=%d) in this file, float or "
             "quantized otherwise in another; every file using it must be compiled with affq "
             "and the same options",
             base, a->line, a->params[0].scale, a->params[0].zero_point);
  else
    snprintf(name, sizeof name,
             "affq: %s:%u: the pointer field stays float in this file (see affq's warning), "
             "another quantizes it",
             base, a->line);
  if (LLVMGetNamedGlobal(M, name))
    return;
  LLVMValueRef mark = byte_constant(M, name);
  LLVMSetComdat(mark, LLVMGetOrInsertComdat(M, group));
  LLVMSetVisibility(mark, LLVMHiddenVisibility);
  refer_to(M, mark);
  if (!quantized)
    return;
  if (a->field_reader) { /* some file must give it memory: the link fails otherwise */
    LLVMValueRef g = LLVMGetNamedGlobal(M, given);
    if (!g)
      g = LLVMAddGlobal(M, LLVMInt8TypeInContext(LLVMGetModuleContext(M)), given);
    refer_to(M, g);
  } else if (!LLVMGetNamedGlobal(M, given)) { /* this one does */
    LLVMSetLinkage(byte_constant(M, given), LLVMWeakAnyLinkage);
  }
}
