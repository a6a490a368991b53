/*
 * uses.c - follow every pointer into an annotated array.
 *
 * Starting from the array, collect every value that may hold a pointer into
 * it (GEPs, phis, selects, and local pointer variables: allocas that only
 * ever hold such pointers), and every instruction that reads or writes
 * through one.  The rewrite is safe only if all of them are understood, so
 * any other use is a refusal with its reason, and the array stays float:
 *   - its address passed to a function, stored to memory, converted to an
 *     integer, returned, or given to inline asm;
 *   - a read or write of a type other than float, or a volatile or atomic one;
 *   - a pointer that may point into it or elsewhere (a phi, select, compare or
 *     pointer variable mixing the two).
 * Constant-expression GEPs used by instructions are first turned into
 * instructions, so that each use has one place in one function.
 */
#include "affq_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The analysis under way on this thread (for refuse: where a clone was
 * called from).  Each thread compiles its own module. */
static _Thread_local const affq_uses *current;

/* Is this a line of a system header (glibc's fortified wrappers, say)? */
static int in_system_header(LLVMValueRef inst) {
  unsigned len = 0;
  const char *file = LLVMGetDebugLocFilename(inst, &len);
  const char *dir = LLVMGetDebugLocDirectory(inst, &len);
  return (file && !strncmp(file, "/usr/", 5)) || (file && file[0] != '/' && dir && !strncmp(dir, "/usr/", 5));
}

/* Where the user should look for `where`: an instruction in a library's
 * inline wrapper, or in a system header, is named by the call that reached
 * it (in the user's own function, at the user's own line). */
static LLVMValueRef user_site(LLVMValueRef where) {
  for (int depth = 0; depth < 16 && where && LLVMIsAInstruction(where); depth++) {
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(where));
    size_t len;
    const char *name = LLVMGetValueName2(fn, &len);
    /* a library's inline wrapper (memcpy.inline, fread.inline: its lines are
     * a system header's); a clone of the user's own function is named as
     * that function, at its own lines */
    int internal = in_system_header(where) || strstr(name, ".inline");
    LLVMValueRef call = NULL;
    for (size_t k = 0; internal && current && k < current->redirect_to.n && !call; k++)
      if (current->redirect_to.v[k] == fn)
        call = current->redirect_call.v[k];
    if (!call)
      return where;
    where = call;
  }
  return where;
}

static int refuse(char *why, size_t size, LLVMValueRef where, const char *fmt, ...) {
  char reason[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  where = user_site(where);
  LLVMValueRef fn = where && LLVMIsAInstruction(where)
                        ? LLVMGetBasicBlockParent(LLVMGetInstructionParent(where))
                        : NULL;
  char name[160];
  affq_user_function_name(fn, name, sizeof name);
  unsigned line = where && LLVMIsAInstruction(where) && !in_system_header(where)
                      ? LLVMGetDebugLocLine(where)
                      : 0;
  if (fn && line)
    snprintf(why, size, "%s (in '%s', line %u)", reason, name, line);
  else if (fn)
    snprintf(why, size, "%s (in '%s')", reason, name);
  else
    snprintf(why, size, "%s", reason);
  return -1;
}

static int is_dead_constant(LLVMValueRef v);

static unsigned sanitizer_kind(LLVMValueRef inst) {
  return LLVMGetMDKindIDInContext(LLVMGetTypeContext(LLVMTypeOf(inst)), "nosanitize", 10);
}

/* Did a sanitizer emit this instruction (its checks carry !nosanitize)? */
static int is_sanitizer_check(LLVMValueRef inst) {
  return LLVMIsAInstruction(inst) && LLVMGetMetadata(inst, sanitizer_kind(inst)) != NULL;
}

/* A value (a ptrtoint, or integer constant expressions over one) used only
 * by a sanitizer's checks, UBSan's pointer-overflow and alignment checks,
 * directly or through other constant expressions. */
static int only_sanitizer_users(LLVMValueRef v) {
  if (!LLVMGetFirstUse(v))
    return 0;
  for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (is_dead_constant(user))
      continue; /* left behind by an expansion */
    if (LLVMIsAConstantExpr(user) && LLVMGetConstOpcode(user) != LLVMIntToPtr &&
        LLVMGetTypeKind(LLVMTypeOf(user)) == LLVMIntegerTypeKind) {
      if (!only_sanitizer_users(user))
        return 0;
    } else if (!is_sanitizer_check(user) || LLVMIsAIntToPtrInst(user) || LLVMIsAStoreInst(user)) {
      return 0;
    }
  }
  return 1;
}

static int starts(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }

/* 4 for float, 8 for double, 0 for any other type. */
static unsigned element_size(LLVMTypeRef t) {
  LLVMTypeKind k = LLVMGetTypeKind(t);
  return k == LLVMFloatTypeKind ? 4 : k == LLVMDoubleTypeKind ? 8 : 0;
}

LLVMTypeRef affq_element_type(LLVMContextRef ctx, unsigned esize) {
  return esize == 8 ? LLVMDoubleTypeInContext(ctx) : LLVMFloatTypeInContext(ctx);
}

LLVMTypeRef affq_code_type(LLVMTypeRef t, unsigned esize) {
  if (element_size(t) && element_size(t) == esize)
    return LLVMInt8TypeInContext(LLVMGetTypeContext(t));
  if (LLVMGetTypeKind(t) == LLVMArrayTypeKind) {
    LLVMTypeRef inner = affq_code_type(LLVMGetElementType(t), esize);
    return inner ? LLVMArrayType2(inner, LLVMGetArrayLength2(t)) : NULL;
  }
  return NULL;
}

/* Is t the array's element type?  Heap memory learns it here, from its
 * first typed access (u->esize 0 until then): every other must agree. */
static int is_element(affq_uses *u, LLVMTypeRef t) {
  if (!u->esize)
    u->esize = element_size(t);
  return element_size(t) && element_size(t) == u->esize;
}

/* The innermost element type of a GEP over (arrays of) float or double. */
static LLVMTypeRef innermost(LLVMTypeRef t) {
  while (LLVMGetTypeKind(t) == LLVMArrayTypeKind)
    t = LLVMGetElementType(t);
  return t;
}

/* Is this GEP one the rewrite can retype: over the element type (arrays of
 * it), or a byte offset that is a constant number of whole elements? */
static int gep_ok(affq_uses *u, LLVMValueRef gep) {
  LLVMTypeRef t = LLVMGetGEPSourceElementType(gep);
  if (element_size(innermost(t)))
    return is_element(u, innermost(t));
  if (LLVMGetTypeKind(t) == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(t) == 8 &&
      LLVMGetNumOperands(gep) == 2 && LLVMIsAConstantInt(LLVMGetOperand(gep, 1))) {
    int64_t off = LLVMConstIntGetSExtValue(LLVMGetOperand(gep, 1));
    return off % 8 == 0 || (u->esize != 8 && off % 4 == 0);
  }
  return 0;
}

/* Turn constant-expression GEPs of `v` that instructions use into GEP
 * instructions placed right before each user (before the incoming block's
 * terminator for a phi). */
/* Give each instruction user of constant expression `ce` its own copy as an
 * instruction.  Returns 1 if any was made. */
static int materialize(LLVMValueRef ce) {
  for (LLVMUseRef cu = LLVMGetFirstUse(ce); cu; cu = LLVMGetNextUse(cu)) {
    LLVMValueRef inst = LLVMGetUser(cu);
    if (!LLVMIsAInstruction(inst))
      continue;
    for (unsigned op = 0, e = (unsigned)LLVMGetNumOperands(inst); op < e; op++) {
      if (LLVMGetOperand(inst, op) != ce)
        continue;
      LLVMValueRef at = LLVMIsAPHINode(inst)
                            ? LLVMGetBasicBlockTerminator(LLVMGetIncomingBlock(inst, op))
                            : inst;
      LLVMValueRef copy = affq_constant_as_instruction(ce, at);
      if (is_sanitizer_check(inst)) /* part of the same check */
        LLVMSetMetadata(copy, sanitizer_kind(inst), LLVMGetMetadata(inst, sanitizer_kind(inst)));
      LLVMSetOperand(inst, op, copy);
    }
    return 1; /* the use list changed: the caller starts over */
  }
  return 0;
}

/* Constant-expression GEPs of v, nested ones included, become instructions
 * wherever instructions use them. */
static void expand_constant_geps(LLVMValueRef v) {
  int changed = 1;
  while (changed) {
    changed = 0;
    for (LLVMUseRef u = LLVMGetFirstUse(v); u && !changed; u = LLVMGetNextUse(u)) {
      LLVMValueRef ce = LLVMGetUser(u);
      if (!LLVMIsAConstantExpr(ce))
        continue;
      if (LLVMGetConstOpcode(ce) != LLVMGetElementPtr &&
          !(LLVMGetTypeKind(LLVMTypeOf(ce)) == LLVMIntegerTypeKind && only_sanitizer_users(ce)))
        continue; /* (a sanitizer's check of the array's own address is expanded too) */
      expand_constant_geps(ce); /* outer GEPs first: then this one has instruction users */
      changed = materialize(ce);
    }
  }
}

/* Uses that only keep annotation metadata (llvm.global.annotations,
 * llvm.used) alive: not accesses. */
static int is_metadata_use(LLVMValueRef user) {
  for (int depth = 0; depth < 4 && user; depth++) {
    if (LLVMIsAGlobalVariable(user)) {
      size_t len;
      const char *name = LLVMGetValueName2(user, &len);
      const char *section = LLVMGetSection(user);
      return starts(name, "llvm.") || (section && !strcmp(section, "llvm.metadata"));
    }
    if (!LLVMIsAConstant(user) || !LLVMGetFirstUse(user))
      return 0;
    user = LLVMGetUser(LLVMGetFirstUse(user));
  }
  return 0;
}

/* A constant expression nothing live uses (left over by expansion). */
static int is_dead_constant(LLVMValueRef v) {
  if (!LLVMIsAConstantExpr(v))
    return 0;
  for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u))
    if (!is_dead_constant(LLVMGetUser(u)))
      return 0;
  return 1;
}

static int is_null_like(LLVMValueRef v) {
  return LLVMIsAConstantPointerNull(v) || LLVMIsAUndefValue(v) || LLVMIsAPoisonValue(v);
}

/* (void *)-1, mmap's MAP_FAILED: no array lies there, as codes or as
 * floats, so a compare with it gives the same answer either way. */
static int is_map_failed(LLVMValueRef v) {
  if (!LLVMIsAConstantExpr(v) || LLVMGetConstOpcode(v) != LLVMIntToPtr)
    return 0;
  LLVMValueRef i = LLVMGetOperand(v, 0);
  return LLVMIsAConstantInt(i) && LLVMConstIntGetSExtValue(i) == -1;
}

/* Is `v` a local pointer variable that can carry pointers into the array:
 * an alloca of a ptr in the same function as `store`? */
static int can_be_slot(const affq_uses *u, LLVMValueRef v) {
  return (LLVMIsAAllocaInst(v) && LLVMGetTypeKind(LLVMGetAllocatedType(v)) == LLVMPointerTypeKind) ||
         (u->field_slots && affq_values_has(u->field_slots, v)); /* a struct field (fields.c) */
}

static int visit_call(affq_uses *u, LLVMValueRef call, LLVMValueRef p, char *why, size_t size) {
  size_t len;
  const char *name = affq_callee_name(call, &len);
  if (LLVMIsAInlineAsm(LLVMGetCalledValue(call)))
    return refuse(why, size, call, "its address is given to inline asm");
  int fortified = affq_is_fortified_copy(call); /* _FORTIFY_SOURCE's __memcpy_chk, ... */
  if (starts(name, "llvm.memcpy.") || starts(name, "llvm.memmove.") ||
      starts(name, "llvm.memset.") || fortified) {
    /* (the volatile flag of llvm.mem* is its operand 3: LLVMGetVolatile
     * takes loads, stores and atomics only) */
    if (!fortified && LLVMConstIntGetZExtValue(LLVMGetOperand(call, 3)))
      return refuse(why, size, call, "it is copied with a volatile memcpy/memset");
    /* (a local's initializer, memcpy(storage, constant, sizeof storage), is
     * quantized at compile time row by row: a per-row array may have one) */
    if (u->per_row && call != u->init_call)
      return refuse(why, size, call, "a per-row array is copied with memcpy/memmove/memset");
    /* a length known only at run time is copied exactly, a trailing partial
     * element included (affq_copy_bytes, _f64); a constant one must be whole
     * elements */
    LLVMValueRef n = LLVMGetOperand(call, 2);
    unsigned es = u->esize ? u->esize : 4;
    if (LLVMIsAConstantInt(n) && LLVMConstIntGetZExtValue(n) % es)
      return refuse(why, size, call, es == 8 ? "it is copied in pieces that are not whole doubles"
                                             : "it is copied in pieces that are not whole floats");
    affq_values_add(&u->calls, call);
    if (fortified && LLVMGetOperand(call, 0) == p) /* they return dst: a pointer into it */
      affq_values_add(&u->pointers, call);
    return 0;
  }
  if (affq_is_fread(call) && LLVMGetOperand(call, 0) == p) {
    /* read into codes in chunks, quantized on the way in (affq_fread):
     * the stream, size and count are the program's, only the buffer is ours */
    for (unsigned k = 1; k < (unsigned)LLVMGetNumArgOperands(call); k++)
      if (affq_values_has(&u->pointers, LLVMGetOperand(call, k)))
        return refuse(why, size, call, "it is passed to fread as something other than the buffer");
    if (u->per_row)
      return refuse(why, size, call,
                    "a per-row array is read with fread (affq quantizes a read per tensor only)");
    affq_values_add(&u->freads, call);
    return 0;
  }
  if (starts(name, "llvm.objectsize.") && LLVMGetOperand(call, 0) == p) {
    affq_values_add(&u->objsizes, call); /* _FORTIFY_SOURCE, -fsanitize=object-size */
    return 0;
  }
  if (starts(name, "llvm.threadlocal.address")) { /* this thread's copy: the same array */
    affq_values_add(&u->pointers, call);
    return 0;
  }
  if (starts(name, "llvm.assume")) { /* a hint about the float view ("align" after
                                        aligned_alloc, from UBSan): erased (rewrite.c) */
    affq_values_add(&u->calls, call);
    return 0;
  }
  if (starts(name, "llvm.lifetime.") || starts(name, "llvm.var.annotation") ||
      starts(name, "llvm.ptr.annotation") || starts(name, "llvm.dbg.")) {
    affq_values_add(&u->calls, call);
    return 0;
  }
  if (u->mapped && len == 6 && !strncmp(name, "munmap", 6) && LLVMGetOperand(call, 0) == p) {
    /* affq_munmap_codes frees the codes of the whole mapping, and stops the
     * program with a message for a part of it (runtime/mmap.c) */
    affq_values_add(&u->calls, call);
    return 0;
  }
  if (len == 4 && !strncmp(name, "free", 4) && LLVMGetOperand(call, 0) == p) {
    affq_values_add(&u->calls, call); /* the codes came from malloc too: free them the same way */
    return 0;
  }
  if (len == 7 && !strncmp(name, "realloc", 7))
    return refuse(why, size, call, "it is passed to realloc, which would copy its codes as floats");
  LLVMValueRef callee = LLVMGetCalledValue(call);
  if (LLVMIsAFunction(callee) && !LLVMIsDeclaration(callee) && !u->per_row) {
    affq_values_add(&u->pending, call); /* specialized once the caller is known */
    return 0;
  }
  if (len && LLVMIsAFunction(callee) && !LLVMIsDeclaration(callee))
    return refuse(why, size, call, "the address of a per-row array is passed to '%.*s'", (int)len,
                  name);
  if (len)
    return refuse(why, size, call, "its address is passed to '%.*s'", (int)len, name);
  return refuse(why, size, call, "its address is passed to a function through a pointer");
}

/* Pointer subtraction p - q, as clang emits it:
 *   sdiv exact (sub (ptrtoint p), (ptrtoint q)), 4
 * `cast` is one of the ptrtoints (an instruction or a constant expression).
 * Recorded when the shape matches; check_closed then requires both p and q
 * to point into the array, and the rewrite drops the division, since a
 * difference of code addresses is already in elements. */
static int visit_ptrdiff(affq_uses *u, LLVMValueRef cast, char *why, size_t size) {
  for (LLVMUseRef use = LLVMGetFirstUse(cast); use; use = LLVMGetNextUse(use)) {
    LLVMValueRef sub = LLVMGetUser(use);
    LLVMValueRef div = LLVMIsAInstruction(sub) && LLVMGetFirstUse(sub) ? LLVMGetUser(LLVMGetFirstUse(sub)) : NULL;
    if (!LLVMIsAInstruction(sub) || LLVMGetInstructionOpcode(sub) != LLVMSub || !div ||
        LLVMGetNextUse(LLVMGetFirstUse(sub)) || !LLVMIsAInstruction(div) ||
        LLVMGetInstructionOpcode(div) != LLVMSDiv || LLVMGetOperand(div, 0) != sub ||
        !LLVMIsAConstantInt(LLVMGetOperand(div, 1)) ||
        LLVMConstIntGetSExtValue(LLVMGetOperand(div, 1)) != (u->esize ? u->esize : 4))
      return refuse(why, size, LLVMIsAInstruction(sub) ? sub : NULL,
                    "its address is converted to an integer");
    affq_values_add(&u->ptrdiffs, div);
  }
  return 0;
}

/* The pointer a ptrtoint (instruction or constant expression) converts. */
static LLVMValueRef ptrtoint_source(LLVMValueRef v) {
  if (LLVMIsAPtrToIntInst(v) ||
      (LLVMIsAConstantExpr(v) && LLVMGetConstOpcode(v) == LLVMPtrToInt))
    return LLVMGetOperand(v, 0);
  return NULL;
}

/* The first instruction that uses constant c, directly or through other
 * constants (for the location of a message); NULL if none. */
static LLVMValueRef first_instruction_user(LLVMValueRef c, int depth) {
  for (LLVMUseRef u = LLVMGetFirstUse(c); u && depth < 4; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    LLVMValueRef inst = LLVMIsAInstruction(user) ? user : first_instruction_user(user, depth + 1);
    if (inst)
      return inst;
  }
  return NULL;
}

/* The global whose initializer holds constant c, if any. */
static LLVMValueRef initializer_owner(LLVMValueRef c, int depth) {
  if (LLVMIsAGlobalVariable(c))
    return c;
  for (LLVMUseRef u = LLVMGetFirstUse(c); u && depth < 4; u = LLVMGetNextUse(u)) {
    LLVMValueRef g = initializer_owner(LLVMGetUser(u), depth + 1);
    if (g)
      return g;
  }
  return NULL;
}

/* A use by a constant: metadata and dead leftovers are fine; the rest
 * (ptrtoint folded into a constant, an address inside another global's
 * initializer) cannot be followed. */
static int visit_constant(affq_uses *u, LLVMValueRef user, char *why, size_t size) {
  if (is_metadata_use(user) || is_dead_constant(user))
    return 0;
  LLVMValueRef at = first_instruction_user(user, 0);
  if (LLVMIsAConstantExpr(user) && LLVMGetConstOpcode(user) == LLVMPtrToInt)
    return visit_ptrdiff(u, user, why, size);
  LLVMValueRef g = initializer_owner(user, 0);
  if (g && !at) {
    size_t len;
    const char *name = LLVMGetValueName2(g, &len);
    return refuse(why, size, NULL, "its address is part of the initializer of '%.*s'", (int)len, name);
  }
  return refuse(why, size, at, "its address is used in a constant expression affq does not follow");
}

/* Is fn seen only by this module's direct calls: internal, and every use
 * of it the callee of a call?  Then every caller is here to follow. */
static int called_only_here(LLVMValueRef fn) {
  LLVMLinkage l = LLVMGetLinkage(fn);
  if (l != LLVMInternalLinkage && l != LLVMPrivateLinkage)
    return 0;
  for (LLVMUseRef use = LLVMGetFirstUse(fn); use; use = LLVMGetNextUse(use)) {
    LLVMValueRef call = LLVMGetUser(use);
    if (!LLVMIsACallInst(call) || LLVMGetCalledValue(call) != fn ||
        LLVMGetOperand(call, (unsigned)LLVMGetNumOperands(call) - 1) != fn)
      return 0;
    for (unsigned k = 0; k < LLVMGetNumArgOperands(call); k++)
      if (LLVMGetOperand(call, k) == fn) /* also passed as an argument */
        return 0;
  }
  return 1;
}

/* `ret p`:
 *  - in a function specialized for the array (memcpy.inline returning
 *    __memcpy_chk's dst, say): each call redirected to it returns a pointer
 *    into the array too, and so will calls redirected to it later
 *    (specialize_pending);
 *  - in a static function only called directly (a loader that mallocs,
 *    freads and returns the annotated pointer, say): each call returns a
 *    pointer into the array, and its result is followed in the caller.
 * check_closed makes sure every return of such a function gives a pointer
 * into the array or null.  Returns 0 for any other function. */
static int visit_return(affq_uses *u, LLVMValueRef ret) {
  LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInstructionParent(ret));
  if (affq_values_has(&u->redirect_to, fn)) {
    affq_values_add(&u->returning, fn);
    for (size_t k = 0; k < u->redirect_call.n; k++)
      if (u->redirect_to.v[k] == fn)
        affq_values_add(&u->pointers, u->redirect_call.v[k]);
    return 1;
  }
  if (affq_values_has(&u->created, fn) || !called_only_here(fn))
    return 0;
  affq_values_add(&u->returning, fn);
  for (LLVMUseRef use = LLVMGetFirstUse(fn); use; use = LLVMGetNextUse(use))
    affq_values_add(&u->pointers, LLVMGetUser(use));
  return 1;
}

/* The address of aligned_alloc(A, n) itself, read only for its bits below
 * A (UBSan's check of the alignment it assumes: `(p & (A-1)) == 0`).  The
 * codes come from aligned_alloc(A, ..) too, so those bits are the same. */
static int only_alignment_bits(LLVMValueRef alloc, LLVMValueRef ptrtoint) {
  if (affq_allocation_kind(alloc) != AFFQ_ALLOC_ALIGNED || !LLVMIsAConstantInt(LLVMGetOperand(alloc, 0)))
    return 0;
  uint64_t align = LLVMConstIntGetZExtValue(LLVMGetOperand(alloc, 0));
  if (!LLVMGetFirstUse(ptrtoint))
    return 0;
  for (LLVMUseRef u = LLVMGetFirstUse(ptrtoint); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef user = LLVMGetUser(u);
    if (is_sanitizer_check(user) && !LLVMIsAStoreInst(user) && !LLVMIsAIntToPtrInst(user))
      continue;
    LLVMValueRef mask = LLVMIsAInstruction(user) && LLVMGetInstructionOpcode(user) == LLVMAnd
                            ? LLVMGetOperand(user, 1)
                            : NULL;
    if (!mask || !LLVMIsAConstantInt(mask) || LLVMConstIntGetZExtValue(mask) >= align)
      return 0;
  }
  return 1;
}

/* Visit one use of pointer p by `user`. */
static int visit(affq_uses *u, LLVMValueRef p, LLVMValueRef user, char *why, size_t size) {
  if (!LLVMIsAInstruction(user))
    return visit_constant(u, user, why, size);
  switch (LLVMGetInstructionOpcode(user)) {
  case LLVMGetElementPtr:
    if (LLVMGetOperand(user, 0) != p)
      return refuse(why, size, user, "it is used as an array index");
    if (!gep_ok(u, user))
      return refuse(why, size, user, u->esize == 8 ? "it is indexed as something other than doubles"
                                                   : "it is indexed as something other than floats");
    if (!affq_values_has(&u->pointers, user)) {
      affq_values_push(&u->pointers, user);
      affq_values_push(&u->geps, user);
    }
    return 0;
  case LLVMLoad:
    if (!is_element(u, LLVMTypeOf(user)))
      return refuse(why, size, user, u->esize == 8 ? "it is read as something other than a double"
                                                   : "it is read as something other than a float");
    if (LLVMGetVolatile(user) || LLVMGetOrdering(user) != LLVMAtomicOrderingNotAtomic)
      return refuse(why, size, user, "it is read by a volatile or atomic load");
    affq_values_add(&u->loads, user);
    return 0;
  case LLVMStore:
    if (LLVMGetOperand(user, 0) == p) { /* the pointer itself is stored */
      LLVMValueRef dst = LLVMGetOperand(user, 1);
      if (!can_be_slot(u, dst) || dst == p)
        return refuse(why, size, user, "its address is stored to memory");
      affq_values_add(&u->slots, dst);
      return 0;
    }
    if (!is_element(u, LLVMTypeOf(LLVMGetOperand(user, 0))))
      return refuse(why, size, user, u->esize == 8 ? "it is written as something other than a double"
                                                   : "it is written as something other than a float");
    if (LLVMGetVolatile(user) || LLVMGetOrdering(user) != LLVMAtomicOrderingNotAtomic)
      return refuse(why, size, user, "it is written by a volatile or atomic store");
    affq_values_add(&u->stores, user);
    return 0;
  case LLVMPHI:
  case LLVMSelect:
    if (LLVMIsASelectInst(user) && LLVMGetOperand(user, 0) == p)
      return refuse(why, size, user, "it is used as a condition");
    affq_values_add(&u->pointers, user);
    return 0;
  case LLVMICmp:
    return 0; /* checked once every pointer is known */
  case LLVMCall:
    return visit_call(u, user, p, why, size);
  case LLVMPtrToInt:
    if (p == u->pointers.v[0] && only_alignment_bits(p, user))
      return 0; /* the same bits for the codes: see only_alignment_bits */
    if (only_sanitizer_users(user)) { /* UBSan's checks: see addr_ints */
      affq_values_add(&u->addr_ints, user);
      return 0;
    }
    return visit_ptrdiff(u, user, why, size);
  case LLVMRet: /* from a clone made for it: its calls return a pointer into it */
    if (!visit_return(u, user))
      return refuse(why, size, user,
                    "its address is returned from a function other files may call, or whose "
                    "address is taken; make it static and call it directly");
    return 0;
  default:
    return refuse(why, size, user, "its address is used by an instruction affq does not follow");
  }
}

/* Every use of a pointer variable must load or store a pointer into the
 * array (or mark its lifetime). */
static int visit_slot(affq_uses *u, LLVMValueRef slot, char *why, size_t size) {
  for (LLVMUseRef use = LLVMGetFirstUse(slot); use; use = LLVMGetNextUse(use)) {
    LLVMValueRef user = LLVMGetUser(use);
    if (LLVMIsALoadInst(user) && !LLVMGetVolatile(user)) {
      if (LLVMGetTypeKind(LLVMTypeOf(user)) != LLVMPointerTypeKind)
        return refuse(why, size, user, "a pointer variable holding its address is read as an integer");
      affq_values_add(&u->pointers, user);
    } else if (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 1) == slot) {
      /* checked below: what it stores must be a pointer into the array */
    } else if ((LLVMIsAPtrToIntInst(user) && only_sanitizer_users(user)) ||
               (LLVMIsAICmpInst(user) && is_sanitizer_check(user)) ||
               affq_calls(user, "llvm.objectsize.")) {
      /* UBSan's alignment, null and object-size checks of the variable or
       * field itself: its address and size, not the array's */
    } else if (u->field_slots && affq_values_has(u->field_slots, slot)) {
      return refuse(why, size, user,
                    "the field's own address is taken (&s->field), and affq does not follow it");
    } else if (LLVMIsACallInst(user)) {
      size_t len;
      const char *name = affq_callee_name(user, &len);
      if (!starts(name, "llvm.lifetime.") && !starts(name, "llvm.var.annotation") &&
          !starts(name, "llvm.dbg."))
        return refuse(why, size, user, "a pointer variable holding its address escapes");
    } else {
      return refuse(why, size, user, "a pointer variable holding its address escapes");
    }
  }
  return 0;
}

/* Once every pointer is known: each phi, select, compare and pointer
 * variable must see only pointers into the array (or null), and so must
 * each return of a function that returns one. */
static int check_closed(affq_uses *u, char *why, size_t size) {
  for (size_t i = 0; i < u->returning.n; i++)
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(u->returning.v[i]); bb;
         bb = LLVMGetNextBasicBlock(bb)) {
      LLVMValueRef t = LLVMGetBasicBlockTerminator(bb);
      LLVMValueRef v = t && LLVMIsAReturnInst(t) && LLVMGetNumOperands(t) ? LLVMGetOperand(t, 0) : NULL;
      if (v && !affq_values_has(&u->pointers, v) && !is_null_like(v))
        return refuse(why, size, t, "a function returns a pointer into it or elsewhere");
    }
  for (size_t i = 0; i < u->pointers.n; i++) {
    LLVMValueRef v = u->pointers.v[i];
    if (LLVMIsAPHINode(v)) {
      for (unsigned k = 0, e = LLVMCountIncoming(v); k < e; k++) {
        LLVMValueRef in = LLVMGetIncomingValue(v, k);
        if (!affq_values_has(&u->pointers, in) && !is_null_like(in))
          return refuse(why, size, v, "a pointer may point into it or elsewhere");
      }
    } else if (LLVMIsASelectInst(v)) {
      for (unsigned k = 1; k <= 2; k++) {
        LLVMValueRef in = LLVMGetOperand(v, k);
        if (!affq_values_has(&u->pointers, in) && !is_null_like(in))
          return refuse(why, size, v, "a pointer may point into it or elsewhere");
      }
    }
    for (LLVMUseRef use = LLVMGetFirstUse(v); use; use = LLVMGetNextUse(use)) {
      LLVMValueRef user = LLVMGetUser(use);
      if (!LLVMIsAICmpInst(user))
        continue;
      for (unsigned k = 0; k < 2; k++) {
        LLVMValueRef in = LLVMGetOperand(user, k);
        if (!affq_values_has(&u->pointers, in) && !is_null_like(in) && !is_map_failed(in))
          return refuse(why, size, user, "its address is compared with a pointer elsewhere");
      }
    }
  }
  for (size_t i = 0; i < u->ptrdiffs.n; i++) {
    LLVMValueRef sub = LLVMGetOperand(u->ptrdiffs.v[i], 0);
    for (unsigned k = 0; k < 2; k++) {
      LLVMValueRef p = ptrtoint_source(LLVMGetOperand(sub, k));
      if (!p || !affq_values_has(&u->pointers, p))
        return refuse(why, size, sub, "its address is subtracted from a pointer elsewhere");
    }
  }
  for (size_t s = 0; s < u->slots.n; s++)
    for (LLVMUseRef use = LLVMGetFirstUse(u->slots.v[s]); use; use = LLVMGetNextUse(use)) {
      LLVMValueRef user = LLVMGetUser(use);
      if (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 1) == u->slots.v[s]) {
        LLVMValueRef stored = LLVMGetOperand(user, 0);
        if (!affq_values_has(&u->pointers, stored) && !is_null_like(stored))
          return refuse(why, size, user, "a pointer variable holds its address and others");
      }
    }
  return 0;
}

/* Redirect each pending call to a clone of its callee specialized for the
 * codes: one clone per callee and set of arguments that carry pointers into
 * the array (so a recursive call finds its own clone).  The clone's
 * arguments join the pointers, and its body is followed like any other. */
static affq_clone_key clone_key(const affq_array *a) {
  affq_clone_key k;
  memset(&k, 0, sizeof k); /* (compared with memcmp: no stray padding) */
  k.params = a->params[0];
  k.esize = a->esize;
  k.is_extern = a->kind == AFFQ_STORAGE_EXTERN;
  return k;
}

static LLVMValueRef shared_clone(const affq_clone_registry *r, LLVMValueRef f, LLVMValueRef key,
                                 const affq_array *a) {
  affq_clone_key want = clone_key(a);
  for (size_t k = 0; r && !a->options.per_row && k < r->clone.n; k++)
    if (r->callee.v[k] == f && r->mask.v[k] == key && !memcmp(&r->key[k], &want, sizeof want))
      return r->clone.v[k];
  return NULL;
}

static void registry_add(affq_clone_registry *r, LLVMValueRef f, LLVMValueRef key,
                         const affq_clone_key *k, LLVMValueRef clone) {
  r->key = affq_grow(r->key, &r->cap, r->clone.n, sizeof *r->key);
  r->key[r->clone.n] = *k;
  affq_values_push(&r->callee, f);
  affq_values_push(&r->mask, key);
  affq_values_push(&r->clone, clone);
}

void affq_register_clones(affq_clone_registry *r, const affq_array *a, const affq_uses *u) {
  affq_clone_key key = clone_key(a);
  for (size_t k = 0; k < u->clone.n && !a->options.per_row; k++)
    registry_add(r, u->clone_of.v[k], u->clone_mask.v[k], &key, u->clone.v[k]);
}

void affq_clone_registry_learn(affq_clone_registry *r, const affq_values *made, unsigned esize) {
  for (size_t k = 0; k < r->clone.n; k++)
    if (!r->key[k].esize && affq_values_has(made, r->clone.v[k]))
      r->key[k].esize = esize;
}

void affq_clone_registry_drop(affq_clone_registry *r, LLVMValueRef clone) {
  for (size_t k = 0; k < r->clone.n; k++)
    if (r->clone.v[k] == clone) { /* a NULL callee never matches */
      affq_values_set(&r->callee, k, NULL);
      affq_values_set(&r->clone, k, NULL);
    }
}

void affq_clone_registry_free(affq_clone_registry *r) {
  affq_values_free(&r->callee);
  affq_values_free(&r->clone);
  affq_values_free(&r->mask);
  free(r->key);
  r->key = NULL;
  r->cap = 0;
}

/* Was joint clone jc made with a passing exactly the arguments in mask? */
static int joint_made_for(const affq_joint_clones *j, LLVMValueRef jc, const affq_array *a,
                          uint64_t mask) {
  for (size_t s = 0; s < j->n_sig; s++)
    for (size_t k = 0; j->sig[s].clone == jc && k < j->sig[s].n; k++)
      if (j->sig[s].carrier[k].array == (const void *)a && j->sig[s].carrier[k].mask == mask)
        return 1;
  return 0;
}

static LLVMValueRef mask_constant(LLVMValueRef f, uint64_t mask) {
  return LLVMConstInt(LLVMInt64TypeInContext(LLVMGetTypeContext(LLVMTypeOf(f))), mask, 0);
}

/* Which arguments of call carry pointers into the array (bit i: argument i). */
static uint64_t call_mask(const affq_uses *u, LLVMValueRef call) {
  uint64_t mask = 0;
  for (unsigned i = 0; i < LLVMGetNumArgOperands(call) && i < 64; i++)
    if (affq_values_has(&u->pointers, LLVMGetOperand(call, i)))
      mask |= 1ull << i;
  return mask;
}

static int specialize_pending(affq_uses *u, const affq_array *a, const affq_clone_registry *shared,
                              affq_clone_registry *cache, const affq_joint_clones *joint,
                              char *why, size_t size) {
  while (u->pending.n) {
    LLVMValueRef call = affq_values_pop(&u->pending);
    if (affq_values_has(&u->redirect_call, call))
      continue;
    LLVMValueRef f = LLVMGetCalledValue(call);
    unsigned nargs = LLVMGetNumArgOperands(call), nparams = LLVMCountParams(f);
    uint64_t mask = 0;
    for (unsigned i = 0; i < nargs; i++) {
      if (!affq_values_has(&u->pointers, LLVMGetOperand(call, i)))
        continue;
      if (i >= nparams || i >= 64)
        return refuse(why, size, call, "its address is passed as a variadic argument");
      mask |= 1ull << i;
    }
    /* a call that carries other arrays too: their joint clone, which this
     * array does not own (its other arguments are not this array's) */
    for (size_t k = 0; joint && k < joint->call.n; k++)
      if (joint->call.v[k] == call) {
        LLVMValueRef jc = joint->clone.v[k];
        if (!joint_made_for(joint, jc, a, mask))
          return refuse(why, size, call,
                        "it reaches a call through other arguments than when the call got one "
                        "specialized copy for several arrays");
        for (unsigned i = 0; i < nparams && i < 64; i++)
          if (mask >> i & 1)
            affq_values_add(&u->pointers, LLVMGetParam(jc, i));
        affq_values_push(&u->redirect_call, call);
        affq_values_push(&u->redirect_to, jc);
        affq_values_push(&u->redirect_mask, mask_constant(f, mask));
        if (affq_values_has(&u->returning, jc))
          affq_values_add(&u->pointers, call);
        mask = 0;
        break;
      }
    if (affq_values_has(&u->redirect_call, call))
      continue;
    LLVMValueRef clone = NULL;
    LLVMValueRef key = mask_constant(f, mask);
    for (size_t k = 0; k < u->clone.n && !clone; k++)
      if (u->clone_of.v[k] == f && u->clone_mask.v[k] == key)
        clone = u->clone.v[k];
    if (!clone) /* made for an accepted array with the same parameters: its
                   body is checked already and will be rewritten once */
      clone = shared_clone(shared, f, key, a);
    if (!clone) {
      /* made in an earlier round: the same copy (calls in it may have joint
       * clones by now), followed again like a new one */
      clone = shared_clone(cache, f, key, a);
      if (!clone) {
        clone = affq_clone_function(f, ".affq");
        affq_values_push(&u->created, clone);
        if (cache && !a->options.per_row) {
          affq_clone_key ck = clone_key(a); /* (heap memory: esize 0 until pass.c
                                               learns it, affq_clone_registry_learn) */
          registry_add(cache, f, key, &ck, clone);
        }
      }
      affq_values_push(&u->clone_of, f);
      affq_values_push(&u->clone, clone);
      affq_values_push(&u->clone_mask, key);
      for (unsigned i = 0; i < nparams && i < 64; i++)
        if (mask >> i & 1)
          affq_values_push(&u->pointers, LLVMGetParam(clone, i));
    }
    affq_values_push(&u->redirect_call, call);
    affq_values_push(&u->redirect_to, clone);
    affq_values_push(&u->redirect_mask, key);
    if (affq_values_has(&u->returning, clone)) /* it returns a pointer into the array */
      affq_values_add(&u->pointers, call);
  }
  return 0;
}

/* The clones this analysis made (not those it took from the cache). */
static void delete_created(affq_uses *u, affq_clone_registry *cache) {
  for (size_t k = 0; k < u->created.n; k++) {
    if (cache)
      affq_clone_registry_drop(cache, u->created.v[k]);
    LLVMDeleteFunction(u->created.v[k]);
  }
  affq_values_clear(&u->created);
  affq_values_clear(&u->clone);
}

size_t affq_storage_use_count(LLVMValueRef storage) {
  expand_constant_geps(storage);
  size_t n = 0;
  for (LLVMUseRef use = LLVMGetFirstUse(storage); use; use = LLVMGetNextUse(use))
    n++;
  return n;
}

/* Is v an instruction of a clone in the cache that this analysis has not
 * followed (yet)? */
static int in_unfollowed_clone(const affq_uses *u, const affq_clone_registry *cache, LLVMValueRef v) {
  if (!cache || !LLVMIsAInstruction(v))
    return 0;
  LLVMValueRef f = LLVMGetBasicBlockParent(LLVMGetInstructionParent(v));
  return affq_values_has(&cache->clone, f) && !affq_values_has(&u->clone, f);
}

/* Visit the uses of the storage whose users were not visited yet: at first
 * all of them; later, the accesses that this array's clones copied (a
 * function given a pointer into a global array that also names the array:
 * its clone names it too). With `defer`, uses inside cached clones not
 * followed yet wait: if this analysis follows one, its parameters must be
 * pointers before a call in it that also names the array is specialized.
 * Returns how many users were new. */
static size_t visit_new_storage_uses(affq_uses *u, LLVMValueRef storage,
                                     const affq_clone_registry *cache, int defer, int *err,
                                     char *why, size_t size) {
  if (u->field_reader) /* its "storage" is a slot of the field, visited as a slot */
    return 0;
  expand_constant_geps(storage);
  affq_values fresh = {0};
  for (LLVMUseRef use = LLVMGetFirstUse(storage); use && !*err; use = LLVMGetNextUse(use)) {
    LLVMValueRef user = LLVMGetUser(use);
    if (affq_values_has(&u->storage_users, user))
      continue; /* seen: every use it makes was visited with it */
    if (defer && in_unfollowed_clone(u, cache, user))
      continue;
    affq_values_add(&fresh, user);
    *err = visit(u, storage, user, why, size); /* each use: a call may pass it twice */
  }
  for (size_t i = 0; i < fresh.n; i++)
    affq_values_push(&u->storage_users, fresh.v[i]);
  size_t n = fresh.n;
  affq_values_free(&fresh);
  return n;
}

/* Heap memory learned its element type on the way: byte offsets and
 * pointer differences seen before then must fit it too. */
static int check_element_size(affq_uses *u, char *why, size_t size) {
  for (size_t i = 0; !u->esize && i < u->calls.n; i++) /* copies only: of floats, or doubles? */
    if (affq_calls(u->calls.v[i], "llvm.mem") || affq_is_fortified_copy(u->calls.v[i]))
      return refuse(why, size, u->calls.v[i],
                    "it is only copied, never read or written one element at a time, so affq "
                    "cannot tell whether it holds floats or doubles");
  if (!u->esize && u->freads.n)
    return refuse(why, size, u->freads.v[0],
                  "it is only read from a file, never read or written one element at a time, so "
                  "affq cannot tell whether it holds floats or doubles");
  unsigned es = u->esize ? u->esize : 4;
  for (size_t i = 0; i < u->geps.n; i++) {
    LLVMValueRef g = u->geps.v[i];
    LLVMTypeRef t = LLVMGetGEPSourceElementType(g);
    if (LLVMGetTypeKind(t) == LLVMIntegerTypeKind &&
        LLVMConstIntGetSExtValue(LLVMGetOperand(g, 1)) % (int64_t)es)
      return refuse(why, size, g, "it is indexed as something other than whole elements");
  }
  for (size_t i = 0; i < u->ptrdiffs.n; i++)
    if (LLVMConstIntGetSExtValue(LLVMGetOperand(u->ptrdiffs.v[i], 1)) != (int64_t)es)
      return refuse(why, size, u->ptrdiffs.v[i], "its address is converted to an integer");
  for (size_t i = 0; es == 8 && i < u->calls.n; i++) { /* copies seen before it was known */
    LLVMValueRef call = u->calls.v[i];
    int copy = affq_calls(call, "llvm.mem") || affq_is_fortified_copy(call);
    LLVMValueRef n = copy ? LLVMGetOperand(call, 2) : NULL;
    if (n && LLVMIsAConstantInt(n) && LLVMConstIntGetZExtValue(n) % 8 != 0)
      return refuse(why, size, call, "it is copied in pieces that are not whole doubles");
  }
  return 0;
}

int affq_find_uses(affq_array *a, affq_uses *u, const affq_clone_registry *shared,
                   affq_clone_registry *cache, const affq_joint_clones *joint, char *why,
                   size_t size) {
  memset(u, 0, sizeof *u);
  current = u;
  u->per_row = a->options.per_row;
  u->init_call = a->init_call;
  u->esize = a->esize; /* 0 for heap memory: its first typed access says */
  u->is_extern = a->kind == AFFQ_STORAGE_EXTERN;
  u->mapped = a->kind == AFFQ_STORAGE_HEAP && affq_allocation_kind(a->storage) == AFFQ_ALLOC_MMAP;
  affq_values_push(&u->pointers, a->storage); /* pointers[0]: visited below, not by index */
  u->field_slots = &a->field_slots;
  u->field_reader = a->field_reader;
  for (size_t s = 0; s < a->field_slots.n; s++) /* every access of the field, in any function */
    affq_values_add(&u->slots, a->field_slots.v[s]);
  size_t next = 1, slots_done = 0;
  int err = 0;
  visit_new_storage_uses(u, a->storage, cache, 1, &err, why, size);
  while (!err) {
    if (next < u->pointers.n) {
      LLVMValueRef p = u->pointers.v[next++];
      expand_constant_geps(p);
      for (LLVMUseRef use = LLVMGetFirstUse(p); use && !err; use = LLVMGetNextUse(use))
        err = visit(u, p, LLVMGetUser(use), why, size);
    } else if (slots_done < u->slots.n) {
      err = visit_slot(u, u->slots.v[slots_done++], why, size);
    } else if (u->pending.n) { /* every pointer of the callers is known now */
      err = specialize_pending(u, a, shared, cache, joint, why, size);
    } else if (!visit_new_storage_uses(u, a->storage, cache, 1, &err, why, size) && !err &&
               !visit_new_storage_uses(u, a->storage, cache, 0, &err, why, size)) {
      break; /* every use of the storage is visited */
    }
  }
  if (!err)
    err = check_closed(u, why, size);
  if (!err)
    err = check_element_size(u, why, size);
  for (size_t k = 0; !err && k < u->redirect_call.n; k++) /* masks complete when specialized? */
    if (call_mask(u, u->redirect_call.v[k]) != LLVMConstIntGetZExtValue(u->redirect_mask.v[k]))
      err = refuse(why, size, u->redirect_call.v[k],
                   "a pointer into it reached a call only after the call was specialized");
  u->storage_uses = affq_storage_use_count(a->storage);
  /* every partial sum rounded to a code: float, unless the user opts in */
  a->running_sum = !err && !a->options.accumulate && affq_find_running_sum(a, u, why, size);
  err = err || a->running_sum ? -1 : 0;
  if (err) /* the array stays float: the module keeps no trace of the try */
    delete_created(u, cache);
  current = NULL;
  return err;
}

void affq_joint_clones_free(affq_joint_clones *j) {
  affq_values_free(&j->call);
  affq_values_free(&j->clone);
  for (size_t i = 0; i < j->n_sig; i++)
    free(j->sig[i].carrier);
  free(j->sig);
  j->sig = NULL;
  j->n_sig = j->cap_sig = 0;
}

void affq_uses_free(affq_uses *u) {
  affq_values_free(&u->storage_users);
  affq_values_free(&u->created);
  affq_values_free(&u->pending);
  affq_values_free(&u->redirect_call);
  affq_values_free(&u->redirect_to);
  affq_values_free(&u->redirect_mask);
  affq_values_free(&u->clone_of);
  affq_values_free(&u->clone);
  affq_values_free(&u->clone_mask);
  affq_values_free(&u->pointers);
  affq_values_free(&u->slots);
  affq_values_free(&u->geps);
  affq_values_free(&u->loads);
  affq_values_free(&u->stores);
  affq_values_free(&u->calls);
  affq_values_free(&u->freads);
  affq_values_free(&u->ptrdiffs);
  affq_values_free(&u->objsizes);
  affq_values_free(&u->addr_ints);
  affq_values_free(&u->returning);
}
