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
 * A pointer initialized by mmap of a file (not shared and writable, not at
 * a fixed address) is heap memory too: the call becomes affq_mmap_codes,
 * which maps the file, quantizes it into codes from malloc chunk by chunk,
 * unmaps it as it goes, and returns the codes; munmap(p, len) frees them
 * (runtime/mmap.c).
 *
 * Memory from an allocation wrapper defined in the file (a function that
 * returns one malloc's result, or null) is the memory of the wrapper's
 * allocation, in a copy of the wrapper made for this pointer (wrappers.c).
 *
 * Anything else keeps the memory float, with a warning: memory from another
 * function that is not such a wrapper, a pointer given memory twice, a global
 * pointer; and (found by uses.c) a pointer that escapes, is reassigned from
 * somewhere else, or goes to realloc.
 */
#include "affq_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* malloc, calloc, aligned_alloc, mmap, or a wrapper of one (wrappers.c) */
static int is_allocation(LLVMValueRef v) {
  return affq_allocation_kind(v) != AFFQ_ALLOC_NONE || affq_wrapper_call_allocation(v);
}

int affq_is_pointer_variable(LLVMValueRef storage) {
  LLVMTypeRef t = affq_storage_value_type(storage);
  return t && LLVMGetTypeKind(t) == LLVMPointerTypeKind;
}

/* mmap(addr, len, prot, flags, fd, off): the codes are a private copy of
 * the file's floats, made at the call (runtime/mmap.c), so the mapping
 * must be one whose writes the program cannot expect anyone else to see:
 * not shared and writable (writes would reach the file), not at a fixed
 * address.  prot and flags must be constants to tell.  (Linux's values.) */
/* (MAP_SHARED is 1, MAP_SHARED_VALIDATE 3, MAP_PRIVATE 2: bit 0 says shared) */
enum { PROT_WRITE_ = 0x2, MAP_SHARED_BIT_ = 0x1, MAP_FIXED_ = 0x10, MAP_FIXED_NOREPLACE_ = 0x100000 };
static int mapping_is_private(LLVMValueRef call, char *why, size_t size) {
  LLVMValueRef prot = LLVMGetOperand(call, 2), flags = LLVMGetOperand(call, 3);
  if (!LLVMIsAConstantInt(prot) || !LLVMIsAConstantInt(flags)) {
    snprintf(why, size, "its mmap's protection or flags are not constants, so affq cannot tell "
                        "whether writes must reach the file");
    return 0;
  }
  uint64_t p = LLVMConstIntGetZExtValue(prot), f = LLVMConstIntGetZExtValue(flags);
  if ((p & PROT_WRITE_) && (f & MAP_SHARED_BIT_)) {
    snprintf(why, size, "it is mapped shared and writable (MAP_SHARED, PROT_WRITE): its writes "
                        "must reach the file as floats; map it MAP_PRIVATE or PROT_READ");
    return 0;
  }
  if (f & (MAP_FIXED_ | MAP_FIXED_NOREPLACE_)) {
    snprintf(why, size, "it is mapped at a fixed address (MAP_FIXED), where its codes cannot be");
    return 0;
  }
  return 1;
}

int affq_find_heap_storage(affq_array *a, char *why, size_t size) {
  if (a->kind == AFFQ_STORAGE_GLOBAL) {
    snprintf(why, size,
             "it is a global pointer; affq quantizes heap memory through a local pointer "
             "initialized by malloc, calloc, aligned_alloc or mmap");
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
               "its memory comes from '%.*s', not from malloc, calloc, aligned_alloc or mmap, so affq "
               "cannot make the allocation smaller",
               (int)len, f);
    else
      snprintf(why, size, "the pointer is not initialized by malloc, calloc, aligned_alloc or mmap");
    return -1;
  }
  if (affq_allocation_kind(alloc) == AFFQ_ALLOC_MMAP && !mapping_is_private(alloc, why, size))
    return -1;
  if (affq_allocation_kind(alloc) == AFFQ_ALLOC_NONE) { /* a wrapper: its own copy */
    LLVMValueRef inner = affq_wrapper_call_allocation(alloc);
    if (affq_allocation_kind(inner) == AFFQ_ALLOC_MMAP && !mapping_is_private(inner, why, size))
      return -1;
    alloc = affq_specialize_wrapper(a, alloc);
    if (!alloc) {
      snprintf(why, size, "affq could not copy its allocation wrapper");
      return -1;
    }
  }
  a->storage = alloc;
  a->kind = AFFQ_STORAGE_HEAP;
  snprintf(a->name, sizeof a->name, "%s in '%.*s'",
           affq_allocation_kind(alloc) == AFFQ_ALLOC_MMAP ? "mapped array" : "heap array", (int)len,
           fname);
  return 0;
}
