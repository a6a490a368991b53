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
#include "metadata.h"
#include "profile.h"

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* p (an array of elements of `size` bytes) with room for n + 1 of them:
 * doubles *cap when full; aborts when memory runs out. */
void *affq_grow(void *p, size_t *cap, size_t n, size_t size);

/* A growable list of LLVM values, in insertion order, that is also a set
   with an O(1) affq_values_has (values.c). Change n or v[] only through these
   functions: they keep the hash index in step. */
typedef struct {
  LLVMValueRef *v;
  size_t n, cap;
  LLVMValueRef *index; /* open addressing, index_cap a power of two; NULL below the threshold */
  size_t index_cap;
} affq_values;
void affq_values_push(affq_values *a, LLVMValueRef v);
int affq_values_has(const affq_values *a, LLVMValueRef v);
/* push v unless it is there already */
void affq_values_add(affq_values *a, LLVMValueRef v);
/* v[i] = v */
void affq_values_set(affq_values *a, size_t i, LLVMValueRef v);
/* remove and return the last value (n > 0) */
LLVMValueRef affq_values_pop(affq_values *a);
/* n = 0, keeping the memory */
void affq_values_clear(affq_values *a);
void affq_values_free(affq_values *a);

/* Where an array's journey through the pass stands. */
typedef enum {
  AFFQ_FOUND,    /* annotations.c found it */
  AFFQ_CHECKED,  /* its parameters are chosen: a candidate for the use analysis */
  AFFQ_ACCEPTED, /* analyzed, and rewritten (or instrumented) */
  AFFQ_REFUSED,  /* stays float, with the reason said */
  AFFQ_FAILED    /* an error at its declaration */
} affq_state;

/* Where an array lives (storage.c). */
typedef enum {
  AFFQ_STORAGE_GLOBAL, /* a global or static variable */
  AFFQ_STORAGE_LOCAL,  /* an alloca */
  AFFQ_STORAGE_HEAP,   /* the allocation call a local pointer holds (heap.c) */
  AFFQ_STORAGE_FIELD,  /* a struct field's annotation (storage: one of its
                          llvm.ptr.annotation calls); a pointer field given memory
                          by one allocation becomes heap storage (fields.c) */
  AFFQ_STORAGE_EXTERN  /* AFFQ_EXTERN(W): W is a global another file defines and
                          quantizes; this file reads and writes its codes, with
                          the parameters that file exports (read at run time) */
} affq_storage_kind;

/* A diagnostic or remark for an array, said at the end (pass.c say_all). */
typedef struct {
  affq_report_kind kind;
  char name[24]; /* the remark's identifier, or "" */
  char msg[700];
} affq_said;

/* One annotated array. */
typedef struct {
  affq_storage_kind kind;
  affq_state state;
  affq_said *said;       /* what the pass has to say about it, in order */
  size_t n_said, cap_said;
  LLVMValueRef storage;  /* the global variable, or the alloca of a local */
  LLVMValueRef function; /* the function holding a local; NULL for a global */
  LLVMValueRef marker;   /* the llvm.var.annotation call of a local */
  int field;             /* heap memory a struct's pointer field holds (fields.c) */
  LLVMValueRef wrapper_call, wrapper, wrapper_clone; /* memory from an allocation wrapper:
                            the call, now to a copy of the wrapper made for it (wrappers.c) */
  int field_reader;      /* that field, only read in this file: another gives it memory;
                            storage is one of its slots, the codes are made elsewhere */
  affq_values field_slots; /* that field's @llvm.ptr.annotation calls: every access */
  char name[160];        /* how messages name it: "'W'" or "a local array in 'f'" */
  char file[512];
  unsigned line;
  char option_text[256]; /* after "affq:" */
  int has_range;
  double lo, hi;

  int warned_in_clone;   /* a local: its copy in a specialized clone stays float (said once) */
  int running_sum;       /* a loop keeps a running sum in it (running_sum.c) */
  int taffo;             /* the annotation is in TAFFO's language (taffo.c) */
  char taffo_error[200]; /* why it did not parse, or "" */
  struct affq_taffo_info {
    int pattern;         /* AFFQ_TAFFO_SCALAR or AFFQ_TAFFO_STRUCT */
    int has_range, disabled, backtracking;
    double lo, hi;
    char target[128];
  } taffo_info;

  const affq_profile_entry *calibrated; /* the profile entry that gave the range */

  /* filled by params.c */
  affq_array_options options;
  size_t count;          /* elements (floats, or doubles) */
  unsigned esize;        /* bytes per element: 4 (float) or 8 (double) */
  size_t rows, cols;     /* 2-D shape when known (rows = 0 otherwise) */
  double *init;          /* the constant initializer, flattened (floats widened, exactly);
                            NULL if none */
  int init_nonzero;      /* it holds a value other than 0 (worth an error figure) */
  int init_zero;         /* the initializer is all zero (init stays NULL: O(1) at any size) */
  int init_from_memcpy;  /* a local initialized by memcpy from a constant */
  LLVMValueRef init_call; /* that memcpy (the first whole copy from a constant) */
  affq_qparams *params;  /* 1, or rows when per_row */
  size_t n_params;
  double max_abs_error;  /* over the initializer, when there is one */
  size_t init_clamped;   /* initializer values beyond what the codes hold */
  double init_min, init_max; /* the least and largest of those */

  /* filled by rewrite.c */
  LLVMValueRef codes;    /* the new storage: [count x i8] */
  LLVMValueRef params_var; /* extern: the defining file's affq_qparams global, or NULL */
  LLVMValueRef scales, zero_points; /* per-row tables, or NULL */
  /* For the loop stage, when the module has marked loops: each inline
   * dequantization carries !affq.dq (metadata.h), which products.c reads. */
  int tag_dequantize;
} affq_array;

/* storage.c: what each kind of storage needs. */
LLVMTypeRef affq_storage_value_type(LLVMValueRef storage); /* global or alloca; else NULL */
/* the constant it starts as (a global's initializer, a local's whole
 * memcpy from a constant: a->init_call), or NULL */
LLVMValueRef affq_storage_initializer(affq_array *a, LLVMTargetDataRef td);
int affq_storage_is_vla(const affq_array *a);
int affq_storage_defined_elsewhere(const affq_array *a); /* a declaration */
/* weak, common, linkonce...: 1 with the reason and the fix in why */
int affq_storage_replaceable_at_link_time(const affq_array *a, char *why, size_t size);
const char *affq_storage_report_kind(const affq_array *a); /* "constant", ... */
int affq_storage_sized_at_run_time(const affq_array *a);

/* annotations.c: every affq annotation of M, in source order; and, with
 * taffo, every annotation in TAFFO's language. */
int affq_find_annotations(LLVMModuleRef M, int taffo, affq_array **out, size_t *n);

/* taffo.c: TAFFO's annotation language. */
enum { AFFQ_TAFFO_SCALAR = 1, AFFQ_TAFFO_STRUCT = 2 };
typedef struct affq_taffo_info affq_taffo;
/* 0, or -1 with "at column N: what" in err. */
int affq_taffo_parse(const char *text, affq_taffo *t, char *err, size_t err_size);
/* Does the text start like a TAFFO annotation (target, errtarget,
 * backtracking, scalar, struct)? */
int affq_taffo_looks_like(const char *s, size_t len);

/* heap.c: an annotated local pointer variable whose one value is the result
 * of malloc, calloc, aligned_alloc or mmap in its function: a->storage becomes
 * that call and a->heap is set.  Returns 0, or -1 with why it stays float. */
int affq_find_heap_storage(affq_array *a, char *why, size_t size);
/* wrappers.c: a call to a function defined here that returns one
 * allocation (or null): that allocation, or NULL. */
LLVMValueRef affq_wrapper_call_allocation(LLVMValueRef call);
/* Redirect `call` to a copy of its wrapper made for a; returns the copy's
 * allocation (a's storage from now on), or NULL. */
LLVMValueRef affq_specialize_wrapper(affq_array *a, LLVMValueRef call);
/* a stays float: its call goes back to the wrapper, the copy goes. */
void affq_undo_wrapper(affq_array *a);
/* fields.c: an annotated pointer field given memory by one allocation: its
 * storage becomes that call (kind heap), a->field_slots every access of the
 * field.  Returns 0, or -1 with why it stays float. */
int affq_find_field_storage(LLVMModuleRef M, affq_array *a, char *why, size_t size);
/* fields.c: what this file decided for a field it accesses, left for the
 * linker to compare with the other files' decisions. */
void affq_field_mark_decision(LLVMModuleRef M, const affq_array *a, int quantized);
/* Is this storage a pointer variable (global or local), not an array? */
int affq_is_pointer_variable(LLVMValueRef storage);
/* params.c: is this storage's type an array of floats (any nesting)? of doubles? */
int affq_is_float_array(LLVMValueRef storage);
int affq_is_double_array(LLVMValueRef storage);

/* params.c: check what was annotated and choose its parameters.
 * Returns 0, or -1 with a message for an error at the declaration, or
 * AFFQ_NEEDS_RANGE (with a message too) when only a range is missing: a
 * calibration profile may give it (a->count, rows and cols are set). */
#define AFFQ_NEEDS_RANGE (-2)
/* params.c: the one math (runtime/qmath.h) in the array's element type
 * (float arrays in float, double arrays in double), for values known at
 * compile time: the code of x, x after the round trip, does x clamp. */
int32_t affq_quantize_element(const affq_array *a, const affq_qparams *p, double x);
double affq_roundtrip(const affq_array *a, const affq_qparams *p, double x);
int affq_clamps(const affq_array *a, const affq_qparams *p, double x);
int affq_choose_params(LLVMTargetDataRef td, affq_array *a, const affq_options *defaults,
                       char *err, size_t err_size);

/* uses.c: every value that may hold a pointer into the array, and every
 * instruction that touches it.  Returns 0, or -1 with the reason the array
 * must stay float (and the function where it happens) in why. */
typedef struct {
  unsigned esize;       /* the array's element: 4 float, 8 double */
  int is_extern;        /* defined in another file: no code is known at compile time */
  int per_row;          /* copies of per-row arrays are refused */
  int mapped;           /* the storage is an mmap call: munmap(p, len) frees the codes */
  LLVMValueRef init_call; /* but for the initializer's (params.c) */
  affq_values pointers; /* the storage and every pointer derived from it */
  affq_values slots;    /* local allocas that hold such pointers */
  const affq_values *field_slots; /* a pointer field's accesses, also slots (fields.c) */
  int field_reader;     /* the field is only read here: no allocation to visit */
  affq_values geps;     /* GEP instructions to retype */
  affq_values loads;    /* float loads through a pointer into the array */
  affq_values stores;   /* float stores through a pointer into the array */
  affq_values calls;    /* memcpy / memmove / memset / lifetime / annotation */
  affq_values freads;   /* fread into the array (affq_is_fread): quantized on the way in */
  affq_values ptrdiffs; /* sdiv exact (p - q), 4 with p, q into the array: becomes p - q */
  affq_values objsizes; /* llvm.objectsize of a pointer into it: codes left, times 4 */
  affq_values addr_ints; /* a sanitizer's ptrtoint (!nosanitize) of a pointer into it:
                            becomes the float view's address, 4 x the code address */
  affq_values returning; /* clones that return a pointer into it (uses.c visit_return) */
  /* Calls that pass pointers into the array to functions of the module:
   * each is redirected to a clone specialized for the codes.  Clones are
   * keyed by callee and by which arguments carry such pointers. */
  affq_values pending;       /* calls seen, not yet specialized */
  affq_values redirect_call; /* call i goes to redirect_to[i] */
  affq_values redirect_to;
  affq_values redirect_mask; /* the arguments into the array when it was redirected (i64) */
  affq_values clone_of, clone, clone_mask; /* memo: callee, clone, mask (as i64 constant) */
  affq_values created; /* the clones among them this analysis made (the others: cached) */
  /* The storage's users visited, and how many uses it had when the analysis
   * ended. A clone copies every access it holds, and for a global that
   * means new uses of the storage itself: a clone made for this array is
   * visited again (uses.c); one made later for another array makes this
   * analysis stale (pass.c: the array stays float). */
  affq_values storage_users;
  size_t storage_uses;
} affq_uses;
/* How many uses `storage` has, once its constant GEPs are instructions. */
size_t affq_storage_use_count(LLVMValueRef storage);
/* Specialized clones of arrays already accepted, by callee, argument mask and
 * what the clone's code depends on: a later array with the same parameters,
 * element type and storage kind reuses them, so there is one clone per
 * distinct set (pass.c fills it).  (A clone made for a float array reads
 * and copies floats: a double array with the same parameters needs its
 * own.) */
typedef struct {
  affq_qparams params;
  unsigned esize;
  int is_extern; /* parameters loaded from the defining file's global */
} affq_clone_key;
typedef struct {
  affq_values callee, clone, mask;
  affq_clone_key *key;
  size_t cap;
} affq_clone_registry;
void affq_register_clones(affq_clone_registry *r, const affq_array *a, const affq_uses *u);
/* the clones in `made`, registered before heap memory's element type was
 * known (esize 0), were made for elements of esize bytes */
void affq_clone_registry_learn(affq_clone_registry *r, const affq_values *made, unsigned esize);
/* forget clone (it is about to be deleted) */
void affq_clone_registry_drop(affq_clone_registry *r, LLVMValueRef clone);
void affq_clone_registry_free(affq_clone_registry *r);

/* Calls that carry two or more arrays go to one joint clone of the callee,
 * made for the set of (array, argument positions) (pass.c fills it): each
 * array's analysis follows its own arguments into that clone. */
typedef struct {
  const void *array; /* the affq_array */
  uint64_t mask;     /* the arguments that carry pointers into it (bit i: argument i) */
} affq_carrier;
typedef struct {
  LLVMValueRef callee, clone;
  affq_carrier *carrier; /* what the clone was made for, in the arrays' order */
  size_t n;
} affq_joint_sig;
typedef struct {
  affq_values call, clone; /* call i goes to clone i */
  affq_joint_sig *sig;     /* per clone made */
  size_t n_sig, cap_sig;
} affq_joint_clones;
void affq_joint_clones_free(affq_joint_clones *j);

/* shared: clones followed by arrays accepted in this round (reused as they
 * are); cache: every clone made in any round, by callee, mask and parameters
 * (reused and followed again, so that calls inside clones stay the same
 * instructions from one round to the next); joint: see above. */
int affq_find_uses(affq_array *a, affq_uses *u, const affq_clone_registry *shared,
                   affq_clone_registry *cache, const affq_joint_clones *joint, char *why,
                   size_t why_size);
void affq_uses_free(affq_uses *u);

/* running_sum.c: does a loop keep a running sum in the array (load, update,
 * store back at an address the loop does not change)?  1 with the reason
 * (the loop's function and line, and s/2) in why. */
int affq_find_running_sum(const affq_array *a, const affq_uses *u, char *why, size_t size);
/* An accepted analysis undone: its own clones deleted, its lists freed. */

/* For an array of elements of esize bytes (4 float, 8 double): element ->
 * i8, [N x element] -> [N x i8], and so on; NULL for other types. */
LLVMTypeRef affq_code_type(LLVMTypeRef t, unsigned esize);
/* The element type of an array of esize-byte elements (float or double). */
LLVMTypeRef affq_element_type(LLVMContextRef ctx, unsigned esize);

/* rewrite.c, in three steps over all the arrays that can be rewritten:
 *   affq_rewrite_accesses  new storage, retyped GEPs, loads and stores;
 *   affq_rewrite_copies    memcpy/memmove/memset, which may join two arrays;
 *   affq_replace_storage   every use of the float storage now uses the codes. */
typedef struct affq_check affq_check; /* check.c; NULL when the check mode is off */
void affq_rewrite_accesses(LLVMModuleRef M, affq_array *a, affq_uses *u, affq_check *check);
void affq_rewrite_copies(LLVMModuleRef M, affq_array **arrays, affq_uses **uses, size_t n,
                         affq_check *check);

/* check.c: the check mode, counting at run time the values that clamp. */
affq_check *affq_check_begin(LLVMModuleRef M);
LLVMValueRef affq_check_counters(affq_check *c, const affq_array *a);
/* a quantizing store of x; q = roundeven(x / s) + z before the clamp */
void affq_check_count_store(affq_check *c, LLVMBuilderRef b, const affq_array *a, LLVMValueRef x,
                      LLVMValueRef q, LLVMValueRef qmin, LLVMValueRef qmax);
/* a copy of n floats (src_params NULL) or codes into the array */
void affq_check_count_copy(affq_check *c, LLVMBuilderRef b, const affq_array *a, LLVMValueRef dst_params,
                     LLVMValueRef src, LLVMValueRef src_params, LLVMValueRef n_floats);
void affq_check_count_fill(affq_check *c, LLVMBuilderRef b, const affq_array *a, LLVMValueRef dst_params,
                     LLVMValueRef byte, LLVMValueRef nbytes);
/* flushes before each function's exits; the constructor that registers */
void affq_check_end(affq_check *c);
void affq_replace_storage(affq_array *a);

/* plugin.cpp: what the C API cannot do. */
void affq_erase_named_metadata(LLVMModuleRef M, const char *name);
void affq_set_gep_source_type(LLVMValueRef gep, LLVMTypeRef type);
LLVMValueRef affq_constant_as_instruction(LLVMValueRef ce, LLVMValueRef insert_before);
LLVMValueRef affq_clone_function(LLVMValueRef f, const char *suffix);
/* The raw bytes of a ConstantDataSequential of floats, or of doubles when
 * esize is 8 (NULL for anything else): read in bulk, not one LLVMValueRef
 * per element. */
const char *affq_constant_fp_data(LLVMValueRef c, unsigned esize, size_t *bytes);
/* Delete a global that only dead constants still use; 1 if it went. */
int affq_delete_unused_global(LLVMValueRef g);

/* ir.c: the name of the function a call calls directly ("" for anything
 * else); whether v calls a function whose name starts with prefix; whether a
 * call is an intrinsic that writes no memory; a call of the runtime function
 * `name` (declared on first use) before the builder's position. */
const char *affq_callee_name(LLVMValueRef v, size_t *len);
int affq_calls(LLVMValueRef v, const char *prefix);
int affq_call_writes_nothing(LLVMValueRef call);
/* glibc's __memcpy_chk, __memmove_chk or __memset_chk (_FORTIFY_SOURCE)? */
int affq_is_fortified_copy(LLVMValueRef call);
/* fread or fread_unlocked: 1; their _FORTIFY_SOURCE forms (__fread_chk,
 * __fread_unlocked_chk, whose operand 1 is the buffer's size): 2; else 0. */
int affq_is_fread(LLVMValueRef call);
LLVMValueRef affq_build_runtime_call(LLVMBuilderRef b, LLVMModuleRef M, LLVMTypeRef ret,
                                     const char *name, LLVMValueRef *args, unsigned n);
/* fn's name as the user wrote it: without the suffixes of affq's clones
 * and of clang's inline copies of library wrappers. */
void affq_user_function_name(LLVMValueRef fn, char *buf, size_t size);
/* A private constant global holding init (tables, names). */
LLVMValueRef affq_private_constant(LLVMModuleRef M, LLVMValueRef init, const char *name);
/* A private constant affq_qparams table (init: one struct, or an array of
 * them) for runtime calls; a module's equal tables are one global. */
LLVMValueRef affq_qparams_global(LLVMModuleRef M, LLVMValueRef init);

/* annotations.c: is this annotation text ours, "affq" or "affq:..."? */
int affq_is_annotation_text(const char *s, size_t len);
/* annotations.c: the text of a constant C string global (NULL if not one). */
const char *affq_const_string(LLVMValueRef ptr, size_t *len);

/* loops.c (pass 1): tie each AFFQ_LOOP marker, and each AFFQ_KERNEL
 * function, to its loops; mark them for the loop stage; drop the markers.
 * Warns about markers with no loop, and about marked loops that touch none
 * of the n arrays being quantized (their uses u).  Returns how many loops
 * were marked. */
int affq_mark_loops(LLVMModuleRef M, const affq_options *o, affq_uses **u, size_t n);
/* ---- calibration profiles (instrument.c, calibrate.c) ---- */
/* What identifies an array in a profile: the module's and the annotation's
 * file names without their directories, the symbol, the line, the shape. */
typedef struct {
  char module[128], symbol[128], file[256], shape[64];
} affq_profile_key;
void affq_profile_key_of(LLVMModuleRef M, const affq_array *a, affq_profile_key *k);
/* Instrumented build: record every value stored into a (which stays float);
 * returns a's descriptor for affq_register_profiles. */
LLVMValueRef affq_instrument(LLVMModuleRef M, const affq_array *a, affq_uses *u,
                             const affq_profile_key *k);
/* Use build: a's range from profile p (0, with how it was chosen in how),
 * or -1 with why a stays float. */
int affq_calibrate(LLVMModuleRef M, const affq_profile *p, affq_array *a, char *why, size_t size,
                   char *how, size_t how_size);
/* bulk_record.c (loop stage): per-store records in a loop become one call
 * at its exit where that is exact.  Returns 1 if fn changed. */
int affq_bulk_record(LLVMValueRef fn, affq_loopctx *c);
/* A constructor that registers the n descriptors with the runtime. */
void affq_register_profiles(LLVMModuleRef M, LLVMValueRef *descs, size_t n);
/* plugin.cpp: which allocation function a call makes (TargetLibraryInfo;
 * mmap and mmap64 by name and arity: a file's contents, heap.c). */
enum { AFFQ_ALLOC_NONE, AFFQ_ALLOC_MALLOC, AFFQ_ALLOC_CALLOC, AFFQ_ALLOC_ALIGNED, AFFQ_ALLOC_MMAP };
int affq_allocation_kind(LLVMValueRef call);
/* plugin.cpp: one more entry in @llvm.global_ctors (appendToGlobalCtors). */
void affq_add_global_ctor(LLVMModuleRef M, LLVMValueRef fn, int priority);
void affq_append_used(LLVMModuleRef M, LLVMValueRef g); /* @llvm.used */

/* report.c: the module's quantization report, as JSON. */
typedef struct {
  char *text;
  size_t len, cap;
} affq_json;
typedef struct {
  affq_json arrays, floats;
  size_t n_arrays, n_floats;
} affq_report_data;
void affq_report_quantized(affq_report_data *r, const affq_array *a);
void affq_report_stays_float(affq_report_data *r, const affq_array *a, const char *why);
/* Stage 1: the report starts in M (loops may be said from here on), and
 * the arrays are kept in M for affq_report_finish (affq_pass.h). */
void affq_report_begin(LLVMModuleRef M, const char *path);
void affq_report_keep(const affq_report_data *r, LLVMModuleRef M);
void affq_report_free(affq_report_data *r);
/* report_file.c: text written whole to path, a file, or DIR/BASE.HASH.json
 * when path is a directory (ends in '/', or exists as one); module is the
 * source file's name.  0, or -1 with the message in err; file: where. */
int affq_report_write(const char *path, const char *module, const char *text, char *file,
                      size_t file_size, char *err, size_t err_size);

/* Might M hold AFFQ_LOOP markers or AFFQ_KERNEL functions? */
int affq_module_has_marks(LLVMModuleRef M);
/* The options of a marked loop; returns -1 with a reason for bad text. */
typedef enum { AFFQ_KERNEL_AUTO, AFFQ_KERNEL_ON, AFFQ_KERNEL_OFF } affq_kernel_choice;
typedef struct {
  int dynamic; /* quantize the float operand of products on each call */
  affq_kernel_choice kernel; /* call the runtime's kernel: when it wins, always, never */
} affq_loop_options;
int affq_loop_options_parse(affq_loop_options *o, const char *text, char *err, size_t err_size);

/* ---- plugin.cpp: loop structure and scalar evolution (C functions) ----
 * Loops are named by their header block. */
affq_loopctx *affq_loops_local(LLVMValueRef fn); /* structure only (pass 1) */
void affq_loops_free(affq_loopctx *c);
size_t affq_loops_list(affq_loopctx *c, LLVMBasicBlockRef *out, size_t max); /* preorder */
LLVMBasicBlockRef affq_loop_parent(affq_loopctx *c, LLVMBasicBlockRef h);
LLVMBasicBlockRef affq_loop_innermost(affq_loopctx *c, LLVMBasicBlockRef bb); /* NULL: none */
int affq_loop_contains(affq_loopctx *c, LLVMBasicBlockRef h, LLVMBasicBlockRef bb);
size_t affq_loop_subloops(affq_loopctx *c, LLVMBasicBlockRef h);
LLVMBasicBlockRef affq_loop_preheader(affq_loopctx *c, LLVMBasicBlockRef h);
LLVMBasicBlockRef affq_loop_latch(affq_loopctx *c, LLVMBasicBlockRef h);
LLVMBasicBlockRef affq_loop_exit(affq_loopctx *c, LLVMBasicBlockRef h); /* single exit, else NULL */
/* Mark h and the loops inside it (and keep them from full unrolling until
 * the loop stage has seen them); unmark takes both off one loop. */
void affq_loop_set_mark(affq_loopctx *c, LLVMBasicBlockRef h, const char *options,
                        const char *file, unsigned line);
void affq_loop_unmark(affq_loopctx *c, LLVMBasicBlockRef h);
/* The options of h's mark (NULL: not marked), and the marker's file:line. */
const char *affq_loop_mark(affq_loopctx *c, LLVMBasicBlockRef h, const char **file, unsigned *line);
/* pass 2 only (scalar evolution): */
#define AFFQ_AFFINE_MAX 4
typedef struct {
  LLVMValueRef base;                        /* loop-invariant pointer */
  int64_t offset;                           /* bytes */
  const void *start;                        /* NULL, or (a SCEV) base + an offset known
                                               only at run time, which replaces offset */
  int n;                                    /* loops, outermost first */
  LLVMBasicBlockRef loop[AFFQ_AFFINE_MAX];
  int64_t step[AFFQ_AFFINE_MAX];            /* bytes per iteration */
} affq_affine;
int affq_scev_affine(affq_loopctx *c, LLVMValueRef ptr, affq_affine *out);
LLVMValueRef affq_expand_affine(affq_loopctx *c, const affq_affine *a, LLVMValueRef insert_before);
/* Is a's start the same on every iteration of loop h? */
int affq_affine_invariant_in(affq_loopctx *c, const affq_affine *a, LLVMBasicBlockRef h);
/* The trip count of h, if invariant in loop outer (h or a loop around it):
 * returns 0 if unknown; *constant, or 0; *value (an i64) only when
 * insert_before is given. */
int affq_loop_trip_count(affq_loopctx *c, LLVMBasicBlockRef h, LLVMBasicBlockRef outer,
                         LLVMValueRef insert_before, uint64_t *constant, LLVMValueRef *value);
int affq_dominates(affq_loopctx *c, LLVMBasicBlockRef a, LLVMBasicBlockRef b);
void affq_loop_delete(affq_loopctx *c, LLVMBasicBlockRef h);
LLVMValueRef affq_underlying_object(LLVMValueRef ptr);
/* A block run instead of loop h when cond (computed in h's preheader) is
 * true: it branches to h's single exit; NULL if h has no plain preheader. */
LLVMBasicBlockRef affq_loop_bypass(affq_loopctx *c, LLVMBasicBlockRef h, LLVMValueRef cond);
/* May loads or stores a and b touch the same memory, at any offsets from
 * their addresses?  (LLVM's alias analysis; 1 when it cannot say.) */
int affq_may_alias(affq_loopctx *c, LLVMValueRef a, LLVMValueRef b);
/* Did the loop vectorizer vectorize h (llvm.loop.isvectorized)? */
int affq_loop_is_vectorized(affq_loopctx *c, LLVMBasicBlockRef h);
/* Was h marked (AFFQ_LOOP, AFFQ_KERNEL) before the loop stage took the mark off? */
int affq_loop_was_marked(affq_loopctx *c, LLVMBasicBlockRef h);
/* scalar_dequant.c: an analysis remark for each innermost loop of fn that
 * dequantizes element by element and was not vectorized (end of pipeline). */
void affq_remark_scalar_dequant(LLVMValueRef fn, affq_loopctx *c);

#ifdef __cplusplus
}
#endif

#endif
