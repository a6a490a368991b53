/*
 * heap.c - annotated pointers to heap memory:
 *   AFFQ_RANGE(-1.0f, 1.0f) float *p = malloc(n * sizeof *p);
 *
 * The annotation is on the local pointer variable p.  What gets quantized is
 * the memory p gets from malloc, calloc or aligned_alloc: the allocation
 * becomes the array's storage, shrinks to one byte per float (rewrite.c),
 * and every access through p and the pointers derived from it is rewritten
 * as for any array (uses.c follows the pointer variable like any other).
 * free(p) keeps working: the codes came from the same allocator.
 *
 * Anything else keeps the memory float, with a warning: memory from another
 * function (an allocation wrapper), a pointer given memory twice, a global
 * pointer; and (found by uses.c) a pointer that escapes, is reassigned from
 * somewhere else, or goes to realloc.
 */
#include "affq_internal.h"

#include <stdio.h>
#include <string.h>

static int is_allocation(LLVMValueRef v) { return affq_allocation_kind(v) != AFFQ_ALLOC_NONE; }

int affq_is_pointer_variable(LLVMValueRef storage) {
  LLVMTypeRef t = affq_storage_value_type(storage);
  return t && LLVMGetTypeKind(t) == LLVMPointerTypeKind;
}

int affq_find_heap_storage(affq_array *a, char *why, size_t size) {
  if (a->kind == AFFQ_STORAGE_GLOBAL) {
    snprintf(why, size,
             "it is a global pointer; affq quantizes heap memory through a local pointer "
             "initialized by malloc, calloc or aligned_alloc");
    return -1;
  }
  size_t len;
  const char *fname = LLVMGetValueName2(a->function, &len);
  snprintf(a->name, sizeof a->name, "pointer in '%.*s'", (int)len, fname);
  LLVMValueRef slot = a->storage, alloc = NULL, other = NULL;
  int allocations = 0;
  for (LLVMUseRef u = LLVMGetFirstUse(slot); u; u = LLVMGetNextUse(u)) {
    LLVMValueRef st = LLVMGetUser(u);
    if (!LLVMIsAStoreInst(st) || LLVMGetOperand(st, 1) != slot)
      continue;
    LLVMValueRef v = LLVMGetOperand(st, 0);
    if (is_allocation(v))
      alloc = v, allocations++;
    else if (!other)
      other = v;
  }
  if (allocations > 1) {
    snprintf(why, size, "the pointer is given memory by more than one allocation");
    return -1;
  }
  if (!alloc) {
    const char *f = affq_callee_name(other, &len);
    if (len)
      snprintf(why, size,
               "its memory comes from '%.*s', not from malloc, calloc or aligned_alloc, so affq "
               "cannot make the allocation smaller",
               (int)len, f);
    else
      snprintf(why, size, "the pointer is not initialized by malloc, calloc or aligned_alloc");
    return -1;
  }
  a->storage = alloc;
  a->kind = AFFQ_STORAGE_HEAP;
  snprintf(a->name, sizeof a->name, "heap array in '%.*s'", (int)len, fname);
  return 0;
}
