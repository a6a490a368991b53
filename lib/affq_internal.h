/*
 * affq_internal.h - what the stages of the pass share.
 *
 * Data flows one way:
 *   annotations.c  finds the affq annotations      -> affq_array (what, where, options)
 *   params.c       checks the array, picks (s, z)  -> affq_array.params / codes
 *   uses.c         follows every pointer into it   -> affq_uses, or a refusal
 *   rewrite.c      stores it as codes, rewrites each access
 *   pass.c         runs the stages, reports errors, warnings and remarks
 */
#ifndef AFFQ_INTERNAL_H
#define AFFQ_INTERNAL_H

#include "affq_pass.h"

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A growable array of LLVM values. */
typedef struct {
  LLVMValueRef *v;
  size_t n, cap;
} affq_values;
void affq_values_push(affq_values *a, LLVMValueRef v);
int affq_values_has(const affq_values *a, LLVMValueRef v);
/* push v unless it is there already */
void affq_values_add(affq_values *a, LLVMValueRef v);
void affq_values_free(affq_values *a);

/* One annotated array. */
typedef struct {
  LLVMValueRef storage;  /* the global variable, or the alloca of a local */
  LLVMValueRef function; /* the function holding a local; NULL for a global */
  LLVMValueRef marker;   /* the llvm.var.annotation call of a local */
  char name[160];        /* how messages name it: "'W'" or "a local array in 'f'" */
  char file[512];
  unsigned line;
  char option_text[256]; /* after "affq:" */
  int has_range;
  double lo, hi;

  /* filled by params.c */
  affq_options options;
  size_t count;          /* float elements */
  size_t rows, cols;     /* 2-D shape when known (rows = 0 otherwise) */
  float *init;           /* the constant initializer, flattened; NULL if none */
  int init_nonzero;      /* it holds a value other than 0 (worth an error figure) */
  int init_from_memcpy;  /* a local initialized by memcpy from a constant */
  affq_qparams *params;  /* 1, or rows when per_row */
  size_t n_params;
  double max_abs_error;  /* over the initializer, when there is one */

  /* filled by rewrite.c */
  LLVMValueRef codes;    /* the new storage: [count x i8] */
  LLVMValueRef scales, zero_points; /* per-row tables, or NULL */
} affq_array;

/* annotations.c: every affq annotation of M, in source order. */
int affq_find_annotations(LLVMModuleRef M, affq_array **out, size_t *n);

/* params.c: check what was annotated and choose its parameters.
 * Returns 0, or -1 with a message for an error at the declaration. */
int affq_choose_params(LLVMTargetDataRef td, affq_array *a, const affq_options *defaults,
                       char *err, size_t err_size);

/* uses.c: every value that may hold a pointer into the array, and every
 * instruction that touches it.  Returns 0, or -1 with the reason the array
 * must stay float (and the function where it happens) in why. */
typedef struct {
  int per_row;          /* copies of per-row arrays are refused */
  affq_values pointers; /* the storage and every pointer derived from it */
  affq_values slots;    /* local allocas that hold such pointers */
  affq_values geps;     /* GEP instructions to retype */
  affq_values loads;    /* float loads through a pointer into the array */
  affq_values stores;   /* float stores through a pointer into the array */
  affq_values calls;    /* memcpy / memmove / memset / lifetime / annotation */
  affq_values ptrdiffs; /* sdiv exact (p - q), 4 with p, q into the array: becomes p - q */
  /* Calls that pass pointers into the array to functions of the module:
   * each is redirected to a clone specialized for the codes.  Clones are
   * keyed by callee and by which arguments carry such pointers. */
  affq_values pending;       /* calls seen, not yet specialized */
  affq_values redirect_call; /* call i goes to redirect_to[i] */
  affq_values redirect_to;
  affq_values clone_of, clone, clone_mask; /* memo: callee, clone, mask (as i64 constant) */
} affq_uses;
/* Specialized clones of arrays already accepted, by callee, argument mask and
 * parameters: a later array with the same parameters reuses them, so there
 * is one clone per distinct parameter set (pass.c fills it). */
typedef struct {
  affq_values callee, clone, mask;
  affq_qparams *params;
  size_t cap;
} affq_clone_registry;
void affq_register_clones(affq_clone_registry *r, const affq_array *a, const affq_uses *u);
void affq_clone_registry_free(affq_clone_registry *r);

int affq_find_uses(affq_array *a, affq_uses *u, const affq_clone_registry *shared, char *why,
                   size_t why_size);
void affq_uses_free(affq_uses *u);

/* float -> i8, [N x float] -> [N x i8], and so on; NULL for other types. */
LLVMTypeRef affq_code_type(LLVMTypeRef t);

/* rewrite.c, in three steps over all the arrays that can be rewritten:
 *   affq_rewrite_accesses  new storage, retyped GEPs, loads and stores;
 *   affq_rewrite_copies    memcpy/memmove/memset, which may join two arrays;
 *   affq_replace_storage   every use of the float storage now uses the codes. */
void affq_rewrite_accesses(LLVMModuleRef M, affq_array *a, affq_uses *u);
void affq_rewrite_copies(LLVMModuleRef M, affq_array **arrays, affq_uses **uses, size_t n);
void affq_replace_storage(affq_array *a);

/* plugin.cpp: what the C API cannot do. */
void affq_set_gep_source_type(LLVMValueRef gep, LLVMTypeRef type);
LLVMValueRef affq_constant_as_instruction(LLVMValueRef ce, LLVMValueRef insert_before);
LLVMValueRef affq_clone_function(LLVMValueRef f, const char *suffix);

#ifdef __cplusplus
}
#endif

#endif
