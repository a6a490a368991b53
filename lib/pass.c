/*
 * pass.c - the affq module pass, in C against the LLVM-C API.
 *
 * affq_run_module runs the stages in order, over one module_run:
 *   1. find every affq annotation (annotations.c) and read the calibration
 *      profile, if any (read_profile);
 *   2. check each array and choose its (s, z) (check_arrays, params.c): a
 *      failure is an error at the declaration, a refusal a warning;
 *   3. follow every pointer into each candidate (analyze_all, uses.c):
 *      anything the pass cannot follow keeps the array float, with a
 *      warning saying where and why; arrays that meet in one call share a
 *      specialized clone (refuse_conflicts for the rest);
 *   4. rewrite the arrays that passed, all together, since a memcpy may join
 *      two (rewrite_all, rewrite.c), or instrument them (instrument_all);
 *   5. say what was done (finish): every diagnostic and remark about an
 *      array is collected on the way (say) and emitted here, in source
 *      order, from one place (say_all); then the annotations are consumed
 *      and the report written (report.c), or kept in the module for the
 *      end of the pipeline, when the marked loops are decided too.
 * Each array's state goes found -> checked -> accepted, or refused (a
 * warning and a -Rpass-missed remark say why), or failed (an error).
 */
#include "affq_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *scheme_name(affq_scheme s) { return s == AFFQ_SYMMETRIC ? "symmetric" : "affine"; }

/* The report being collected for the module at hand (report=PATH), or NULL;
 * one per thread, as each thread compiles its own module. */
static _Thread_local affq_report_data *report_sink;

/* Every diagnostic and remark about an array is said here and emitted at
 * the end, from one place (say_all), in source order; an error or a refusal
 * also settles the array's state. */
static void say(affq_array *a, affq_report_kind kind, const char *name, const char *msg) {
  a->said = affq_grow(a->said, &a->cap_said, a->n_said, sizeof *a->said);
  affq_said *s = &a->said[a->n_said++];
  s->kind = kind;
  snprintf(s->name, sizeof s->name, "%s", name);
  snprintf(s->msg, sizeof s->msg, "%s", msg);
  if (kind == AFFQ_DIAG_ERROR)
    a->state = AFFQ_FAILED;
  else if (kind == AFFQ_REMARK_MISSED && a->state != AFFQ_FAILED)
    a->state = AFFQ_REFUSED;
}

static void say_all(LLVMModuleRef M, affq_array *arrays, size_t n) {
  for (size_t i = 0; i < n; i++) {
    affq_array *a = &arrays[i];
    for (size_t k = 0; k < a->n_said; k++)
      affq_report(M, a->function, a->said[k].kind, a->file, a->line, a->said[k].name,
                  a->said[k].msg);
    free(a->said);
    a->said = NULL;
    a->n_said = a->cap_said = 0;
  }
}

static const char *is_signed_name(const affq_array *a) {
  return a->params[0].qmin < 0 ? "int8" : "uint8";
}

static void remark_quantized(affq_array *a) {
  if (report_sink)
    affq_report_quantized(report_sink, a);
  char msg[512];
  if (a->kind == AFFQ_STORAGE_EXTERN) {
    snprintf(msg, sizeof msg,
             "%s (AFFQ_EXTERN): reads and writes the %s codes that the file defining it "
             "exports, with its parameters, read at run time",
             a->name, is_signed_name(a));
    say(a, AFFQ_REMARK_PASSED, "Quantized", msg);
    return;
  }
  const affq_qparams *p = &a->params[0];
  char count[48] = "size known at run time";
  const char *elems = a->esize == 8 ? "doubles" : "floats";
  if (!affq_storage_sized_at_run_time(a))
    snprintf(count, sizeof count, "%zu %s", a->count, elems);
  else if (a->field_reader)
    snprintf(count, sizeof count, "read here, given memory in another file");
  int n = snprintf(msg, sizeof msg, "quantized %s (%s): %s%d %s%s, ", a->name, count,
                   p->qmin < 0 ? "int" : "uint", a->options.bits, scheme_name(a->options.scheme),
                   a->options.per_row ? " per row" : "");
  if (a->options.per_row)
    n += snprintf(msg + n, sizeof msg - n, "%zu rows, row 0 s=%.6g z=%d", a->rows, p->scale,
                  p->zero_point);
  else
    n += snprintf(msg + n, sizeof msg - n, "s=%.6g z=%d", p->scale, p->zero_point);
  if (affq_storage_sized_at_run_time(a))
    n += snprintf(msg + n, sizeof msg - n, ", %u -> 1 bytes per %s", a->esize, a->esize == 8 ? "double" : "float");
  else
    n += snprintf(msg + n, sizeof msg - n, ", %zu -> %zu bytes", a->count * a->esize,
                  a->count + (a->options.per_row ? a->rows * 8 : 0));
  if (a->init_nonzero && !strcmp(affq_storage_report_kind(a), "constant"))
    snprintf(msg + n, sizeof msg - n, ", max abs error %.6g", a->max_abs_error);
  else if (a->init_nonzero)
    snprintf(msg + n, sizeof msg - n, ", initializer max abs error %.6g", a->max_abs_error);
  say(a, AFFQ_REMARK_PASSED, "Quantized", msg);
}

/* Drop the affq entries of llvm.global.annotations (the others stay). */
static int drop_global_annotations(LLVMModuleRef M) {
  LLVMValueRef ga = LLVMGetNamedGlobal(M, "llvm.global.annotations");
  LLVMValueRef list = ga ? LLVMGetInitializer(ga) : NULL;
  if (!list)
    return 0;
  unsigned n = (unsigned)LLVMGetNumOperands(list), kept = 0;
  LLVMValueRef *keep = malloc((n ? n : 1) * sizeof *keep);
  for (unsigned i = 0; i < n; i++) {
    LLVMValueRef entry = LLVMGetOperand(list, i);
    size_t len = 0;
    const char *s = LLVMGetNumOperands(entry) > 1 ? affq_const_string(LLVMGetOperand(entry, 1), &len)
                                                  : NULL; /* without its trailing NULs */
    int ours = affq_is_annotation_text(s, len) ||
               (s && len >= 11 && !strncmp(s, "affq_kernel", 11)); /* and affq_kernel:... */
    if (!ours)
      keep[kept++] = entry;
  }
  if (kept == n) {
    free(keep);
    return 0;
  }
  LLVMTypeRef entry_type = LLVMGetElementType(LLVMTypeOf(list));
  LLVMSetValueName2(ga, "", 0);
  if (kept) {
    LLVMValueRef init = LLVMConstArray2(entry_type, keep, kept);
    LLVMValueRef g = LLVMAddGlobal(M, LLVMTypeOf(init), "llvm.global.annotations");
    LLVMSetInitializer(g, init);
    LLVMSetLinkage(g, LLVMAppendingLinkage);
    LLVMSetSection(g, "llvm.metadata");
  }
  LLVMDeleteGlobal(ga);
  free(keep);
  return 1;
}


/* What an array that is not quantized stays: its own type, in words. */
static const char *stays(const affq_array *a) {
  if (a->esize == 8 || affq_is_double_array(a->storage))
    return "stays double";
  return a->kind == AFFQ_STORAGE_HEAP && !a->esize ? "is not quantized" /* floats or doubles? */
                                                   : "stays float";
}

/* An array stays float: a warning, and the same as a -Rpass-missed remark. */
static void report_float(affq_array *a, const char *why) {
  if (report_sink)
    affq_report_stays_float(report_sink, a, why);
  char msg[640];
  snprintf(msg, sizeof msg, "affq: %s %s: %s", a->name, stays(a), why);
  say(a, AFFQ_DIAG_WARNING, "", msg);
  snprintf(msg, sizeof msg, "%s %s: %s", a->name, stays(a), why); /* remarks name their pass */
  say(a, AFFQ_REMARK_MISSED, "NotQuantized", msg);
}

/*
 * An annotation in TAFFO's language: scalar(range(a, b)) on a float array
 * means AFFQ_RANGE(a, b); scalar() means "from the profile, if any".
 * Returns 1 when the array stays float (with a warning for a malformed
 * annotation, a remark for the rest), 0 when it goes on as an affq array.
 */
static int taffo_to_affq(affq_array *a) {
  char msg[600];
  const affq_taffo *t = &a->taffo_info;
  if (a->taffo_error[0]) {
    snprintf(msg, sizeof msg, "affq: TAFFO annotation not understood (%s); %s %s",
             a->taffo_error, a->name, stays(a));
    say(a, AFFQ_DIAG_WARNING, "", msg);
    return 1;
  }
  int heap_pointer = a->kind == AFFQ_STORAGE_LOCAL && affq_is_pointer_variable(a->storage);
  if (a->kind == AFFQ_STORAGE_FIELD) {
    say(a, AFFQ_REMARK_ANALYSIS, "TaffoIgnored",
                "TAFFO annotation on a struct field ignored: affq quantizes arrays that are "
                "variables, not struct fields");
    return 1;
  }
  if (t->pattern != AFFQ_TAFFO_SCALAR ||
      (!heap_pointer && !affq_is_float_array(a->storage) && !affq_is_double_array(a->storage))) {
    snprintf(msg, sizeof msg,
             "TAFFO annotation on %s ignored: affq stores float and double arrays as INT8, and "
             "this is %s",
             LLVMIsAFunction(a->storage) ? "a function" : a->name,
             t->pattern == AFFQ_TAFFO_STRUCT ? "a struct pattern"
             : LLVMIsAFunction(a->storage)   ? "a function"
                                             : "not an array of float or double");
    say(a, AFFQ_REMARK_ANALYSIS, "TaffoIgnored", msg);
    return 1;
  }
  if (t->disabled) {
    snprintf(msg, sizeof msg, "%s %s: its TAFFO annotation says disabled", a->name, stays(a));
    say(a, AFFQ_REMARK_MISSED, "NotQuantized", msg);
    return 1;
  }
  a->has_range = t->has_range;
  a->lo = t->lo, a->hi = t->hi;
  return 0;
}

static int accepted(const affq_array *a, affq_array **ok, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (ok[i] == a)
      return 1;
  return 0; /* refused, or an error: it said so already */
}

/*
 * A local array inside a function that affq specialized for another array:
 * the clone holds a copy of its annotation, which the pass found before the
 * clone existed.  The original is quantized; the copy stays float, and the
 * user hears so once per declaration.
 */
static void warn_locals_in_clones(affq_uses **u, size_t n, affq_array **ok, affq_array *arrays,
                                  size_t n_arrays) {
  affq_values seen = {0};
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < u[i]->redirect_to.n; k++) {
      LLVMValueRef clone = u[i]->redirect_to.v[k];
      if (affq_values_has(&seen, clone))
        continue;
      affq_values_push(&seen, clone);
      for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(clone); b; b = LLVMGetNextBasicBlock(b))
        for (LLVMValueRef c = LLVMGetFirstInstruction(b), next; c; c = next) {
          next = LLVMGetNextInstruction(c);
          if (!affq_calls(c, "llvm.var.annotation") || LLVMGetNumArgOperands(c) < 4)
            continue;
          size_t len, flen;
          const char *text = affq_const_string(LLVMGetOperand(c, 1), &len);
          const char *file = affq_const_string(LLVMGetOperand(c, 2), &flen);
          unsigned line = (unsigned)LLVMConstIntGetZExtValue(LLVMGetOperand(c, 3));
          if (!affq_is_annotation_text(text, len))
            continue;
          LLVMInstructionEraseFromParent(c); /* consumed, like the original's */
          char fname[160], msg[700], path[512];
          affq_user_function_name(clone, fname, sizeof fname);
          snprintf(path, sizeof path, "%.*s", (int)flen, file ? file : "");
          for (size_t m = 0; m < n_arrays; m++) /* once per declaration: clones share it */
            if (arrays[m].function && arrays[m].line == line && !strcmp(arrays[m].file, path) &&
                !arrays[m].warned_in_clone && accepted(&arrays[m], ok, n)) {
              arrays[m].warned_in_clone = 1;
              snprintf(msg, sizeof msg,
                       "affq: the local array in '%s' stays float in the calls of '%s' that pass "
                       "it a pointer into another annotated array: affq specializes '%s' for that "
                       "array and does not quantize a local inside the specialized copy (the "
                       "other calls use the quantized local); move the local out of '%s' to "
                       "quantize it everywhere",
                       fname, fname, fname, fname);
              say(&arrays[m], AFFQ_DIAG_WARNING, "", msg);
            }
        }
    }
  affq_values_free(&seen);
}

/* The function an instruction or argument belongs to. */
static LLVMValueRef function_of(LLVMValueRef v) {
  if (LLVMIsAInstruction(v))
    return LLVMGetBasicBlockParent(LLVMGetInstructionParent(v));
  if (LLVMIsAArgument(v))
    return LLVMGetParamParent(v);
  return NULL;
}

static int list_touches(const affq_values *l, const affq_values *fns) {
  for (size_t i = 0; i < l->n; i++) {
    LLVMValueRef f = function_of(l->v[i]);
    if ((f && affq_values_has(fns, f)) || affq_values_has(fns, l->v[i]))
      return 1;
  }
  return 0;
}

/* Does u record anything inside (or any call to) one of the functions fns? */
static int uses_touch(const affq_uses *u, const affq_values *fns) {
  const affq_values *lists[] = {&u->pointers,    &u->slots,     &u->geps,      &u->loads,
                                &u->stores,      &u->calls,     &u->freads,    &u->ptrdiffs,
                                &u->objsizes,    &u->addr_ints, &u->returning, &u->redirect_call,
                                &u->redirect_to};
  for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
    if (list_touches(lists[i], fns))
      return 1;
  return 0;
}

/* Is this array stale: did its storage gain uses after its analysis ended (a
 * clone made later, for another array, names it)? */
static int stale(const affq_array *a, const affq_uses *u) {
  return affq_storage_use_count(a->storage) != u->storage_uses;
}

/* The cached clones that no array in u[0..n) (but those refused) calls:
 * superseded by a joint clone, or made for an array that stays float. */
static void unused_clones(const affq_clone_registry *cache, affq_uses **u, size_t n,
                          const char *refused, affq_values *out) {
  for (size_t k = 0; k < cache->clone.n; k++) {
    LLVMValueRef c = cache->clone.v[k];
    int used = 0;
    for (size_t i = 0; c && i < n && !used; i++)
      used = !(refused && refused[i]) && affq_values_has(&u[i]->redirect_to, c);
    if (c && !used)
      affq_values_add(out, c);
  }
}

/* Delete clones: out of the cache, and out of the joint table's calls (a
 * call inside a deleted clone must never match a new instruction). */
static void delete_clones(affq_clone_registry *cache, affq_joint_clones *joint,
                          const affq_values *dead) {
  for (size_t d = 0; d < dead->n; d++) {
    for (size_t k = 0; k < joint->call.n; k++) {
      LLVMValueRef call = joint->call.v[k];
      if (call && LLVMGetBasicBlockParent(LLVMGetInstructionParent(call)) == dead->v[d])
        affq_values_set(&joint->call, k, NULL);
    }
    affq_clone_registry_drop(cache, dead->v[d]);
    LLVMDeleteFunction(dead->v[d]);
  }
}

/* A call that passes pointers into two arrays would need one clone for both;
 * each array's analysis made its own, so both arrays stay float.  Refusal
 * spreads to any array that shares, or reaches into, a clone made by a
 * refused one, since those clones are deleted.  Returns how many of the
 * n accepted arrays remain (moved to the front). */
static size_t refuse_conflicts(affq_array **ok, affq_uses **u, size_t n, affq_joint_clones *joint,
                               affq_clone_registry *cache) {
  char *refused = calloc(n ? n : 1, 1);
  char why[400];
  /* A clone made for another array after this one's analysis copied direct
   * accesses to it, which the analysis never saw (uses.c, storage_uses). */
  for (size_t i = 0; i < n; i++)
    if (stale(ok[i], u[i])) {
      report_float(ok[i], "a function specialized for another array also accesses it by "
                             "name, and affq specializes a function for one array at a time");
      refused[i] = 1;
    }
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++)
      for (size_t k = 0; k < u[i]->redirect_call.n; k++)
        if (affq_values_has(&u[j]->redirect_call, u[i]->redirect_call.v[k]) &&
            !affq_values_has(&joint->call, u[i]->redirect_call.v[k])) {
          for (int side = 0; side < 2; side++) {
            affq_array *a = ok[side ? j : i], *other = ok[side ? i : j];
            snprintf(why, sizeof why,
                     "a call passes it together with %s, and affq specializes a function for "
                     "one array at a time",
                     other->name);
            if (!refused[side ? j : i])
              report_float(a, why);
          }
          refused[i] = refused[j] = 1;
        }
  affq_values dead = {0};
  for (int changed = 1; changed;) {
    changed = 0;
    affq_values_clear(&dead);
    for (size_t i = 0; i < n; i++)
      for (size_t k = 0; refused[i] && k < u[i]->clone.n; k++)
        affq_values_add(&dead, u[i]->clone.v[k]);
    unused_clones(cache, u, n, refused, &dead);
    for (size_t i = 0; i < n; i++)
      if (!refused[i] && dead.n && uses_touch(u[i], &dead)) {
        refused[i] = changed = 1;
        report_float(ok[i], "it shares a specialized function with an array that stays float");
      }
  }
  delete_clones(cache, joint, &dead);
  affq_values_free(&dead);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++)
    if (!refused[i]) {
      ok[kept] = ok[i];
      u[kept++] = u[i];
    }
  free(refused);
  return kept;
}

/* A joint clone of f for the carriers c[0..n): the same callee and carriers
 * (a recursive call) reuse the clone.  Takes c. */
static LLVMValueRef joint_clone_for(affq_joint_clones *j, LLVMValueRef f, affq_carrier *c,
                                    size_t n) {
  for (size_t k = 0; k < j->n_sig; k++)
    if (j->sig[k].callee == f && j->sig[k].n == n && !memcmp(j->sig[k].carrier, c, n * sizeof *c)) {
      free(c);
      return j->sig[k].clone;
    }
  j->sig = affq_grow(j->sig, &j->cap_sig, j->n_sig, sizeof *j->sig);
  affq_joint_sig *s = &j->sig[j->n_sig++];
  s->callee = f;
  s->clone = affq_clone_function(f, ".affq.joint");
  s->carrier = c;
  s->n = n;
  return s->clone;
}

/* Calls that two or more accepted arrays redirect, each to its own clone,
 * get one joint clone for all of them (when no argument is claimed twice).
 * Returns how many calls got one. */
static size_t add_joint_clones(affq_joint_clones *j, affq_array **arrays, affq_uses **u, size_t n) {
  size_t added = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < u[i]->redirect_call.n; k++) {
      LLVMValueRef call = u[i]->redirect_call.v[k];
      if (affq_values_has(&j->call, call))
        continue;
      affq_carrier *c = malloc(n * sizeof *c); /* (c[] is compared whole: no padding) */
      memset(c, 0, n * sizeof *c);
      uint64_t claimed = 0;
      size_t carriers = 0;
      int overlap = 0;
      for (size_t m = 0; m < n; m++) {
        if (!affq_values_has(&u[m]->redirect_call, call))
          continue;
        uint64_t mask = 0;
        for (unsigned p = 0; p < LLVMGetNumArgOperands(call) && p < 64; p++)
          if (affq_values_has(&u[m]->pointers, LLVMGetOperand(call, p)))
            mask |= 1ull << p;
        overlap |= (mask & claimed) != 0;
        claimed |= mask;
        c[carriers].array = arrays[m];
        c[carriers++].mask = mask;
      }
      if (carriers < 2 || overlap) {
        free(c);
        continue;
      }
      affq_values_push(&j->call, call);
      affq_values_push(&j->clone, joint_clone_for(j, LLVMGetCalledValue(call), c, carriers));
      added++;
    }
  return added;
}

/*
 * Analyze every candidate array's uses.  Each array specializes the
 * functions it is passed to for itself; clones are kept from one round to
 * the next (cache), so a call inside a clone is the same instruction in the
 * next round.  Another round runs while it changes something:
 *  - a call carries two or more arrays: it gets one joint clone for all;
 *  - a cached clone is no longer called (a joint clone took its place):
 *    it is deleted, so that no analysis sees its body again;
 *  - an array's storage gained uses after its analysis (a clone made later,
 *    for another array, names it): the next round sees them from the start.
 * 8 rounds at most; refuse_conflicts deals with what is left.  Returns how
 * many arrays were accepted (ok, ok_uses); the others stay float, with the
 * reason.
 */
static size_t analyze_all(affq_array *arrays, affq_array **cand, size_t n, affq_uses *uses,
                          affq_array **ok, affq_uses **ok_uses, affq_clone_registry *shared,
                          affq_clone_registry *cache, affq_joint_clones *joint) {
  char (*why)[400] = calloc(n ? n : 1, sizeof *why);
  size_t n_ok = 0;
  for (int round = 0;; round++) {
    n_ok = 0;
    affq_clone_registry_free(shared);
    memset(shared, 0, sizeof *shared);
    for (size_t i = 0; i < n; i++) {
      affq_array *a = cand[i];
      affq_uses *u = &uses[a - arrays];
      if (a->running_sum)
        continue; /* found in an earlier round: stays float, for that reason */
      int refused = affq_find_uses(a, u, shared, cache, joint, why[i], sizeof why[i]);
      if (!a->esize) /* heap memory: its accesses said float or double (if any did) */
        a->esize = u->esize;
      if (!refused) {
        why[i][0] = 0;
        if (!a->esize)
          a->esize = 4;
        affq_clone_registry_learn(cache, &u->created, a->esize);
        affq_register_clones(shared, a, u);
        ok[n_ok] = a;
        ok_uses[n_ok++] = u;
      }
    }
    if (round == 7)
      break;
    int again = add_joint_clones(joint, ok, ok_uses, n_ok) > 0;
    for (size_t i = 0; i < n_ok && !again; i++)
      again = stale(ok[i], ok_uses[i]);
    affq_values unused = {0};
    unused_clones(cache, ok_uses, n_ok, NULL, &unused);
    again |= unused.n > 0;
    if (again) { /* every analysis starts afresh; the clones still called stay */
      for (size_t i = 0; i < n; i++)
        affq_uses_free(&uses[cand[i] - arrays]);
      delete_clones(cache, joint, &unused);
    }
    affq_values_free(&unused);
    if (!again)
      break;
  }
  for (size_t i = 0; i < n; i++)
    if (why[i][0] && cand[i]->running_sum && cand[i]->taffo) { /* TAFFO meant >= 32-bit fixed point */
      char msg[700];
      snprintf(msg, sizeof msg, "%s %s: %s (TAFFO's annotation means fixed point of 32 "
                                "bits or more there, not 8-bit codes)", cand[i]->name, stays(cand[i]), why[i]);
      if (report_sink)
        affq_report_stays_float(report_sink, cand[i], why[i]);
      say(cand[i], AFFQ_REMARK_MISSED, "NotQuantized", msg);
    } else if (why[i][0]) {
      report_float(cand[i], why[i]);
    }
  free(why);
  return n_ok;
}

/* What one run of the pass over a module carries from stage to stage. */
typedef struct {
  LLVMModuleRef M;
  const affq_options *o;
  LLVMTargetDataRef td;
  affq_array *arrays; /* found: every annotation, in source order */
  size_t n;
  affq_array **cand;  /* checked: parameters chosen, uses to analyze */
  size_t n_cand;
  affq_uses *uses;    /* per array */
  affq_array **ok;    /* accepted, with their uses */
  affq_uses **ok_uses;
  size_t n_ok;
  affq_clone_registry shared, cache;
  affq_joint_clones joint;
  affq_profile profile; /* calibration: read once */
  int use_profile, profile_failed;
  char profile_problem[400];
  affq_report_data report;
} module_run;

/* Profile-guided ranges: the profile is read once.  An unreadable file is
 * an error; a profile of another schema or version is a warning (error with
 * profile-strict), and the arrays that need it stay float. */
static void read_profile(module_run *r) {
  char msg[640], why[400];
  r->use_profile = r->o->profile_use[0] && !r->o->profile_generate;
  if (!r->use_profile)
    return;
  int e = affq_profile_read(&r->profile, r->o->profile_use, why, sizeof why);
  if (e == -1 || (e == -2 && r->o->profile_strict)) {
    /* one error; the arrays that needed the profile say nothing more */
    snprintf(msg, sizeof msg, "affq: %s", why);
    affq_report(r->M, NULL, AFFQ_DIAG_ERROR, r->o->profile_use, 0, "", msg);
    r->use_profile = 0;
    r->profile_failed = 1;
  } else if (e == -2) {
    snprintf(msg, sizeof msg, "affq: %s: %s; arrays that need it stay float", r->o->profile_use,
             why);
    affq_report(r->M, NULL, AFFQ_DIAG_WARNING, r->o->profile_use, 0, "", msg);
    snprintf(r->profile_problem, sizeof r->profile_problem, "the profile is unusable (%s)", why);
  }
}

/* What keeps array i from being quantized before its parameters are known
 * (said here); 0 if nothing does. */
static int refused_early(module_run *r, size_t i) {
  affq_array *a = &r->arrays[i];
  char msg[640], why[400];
  for (size_t j = 0; j < i; j++)
    if (r->arrays[j].storage == a->storage && !a->field_reader) { /* rewritten once, by the first */
      snprintf(msg, sizeof msg, "affq: %s has more than one affq annotation", a->name);
      say(a, AFFQ_DIAG_ERROR, "", msg);
      a->marker = NULL; /* the first one's marker is the same call, or consumed with it */
      return 1;
    }
  if (affq_storage_is_vla(a)) {
    report_float(a, "it is a variable-length array");
    return 1;
  }
  if (a->taffo && taffo_to_affq(a))
    return 1; /* said why it stays float */
  if (a->kind == AFFQ_STORAGE_FIELD && affq_find_field_storage(r->M, a, why, sizeof why)) {
    report_float(a, why);
    return 1;
  }
  if (a->field_reader && r->o->profile_generate) {
    report_float(a, "it is only read in this file, and an instrumented build records a field's "
                    "values in the file that gives it memory");
    return 1;
  }
  if (a->field_reader && !a->has_range) {
    report_float(a, "it is only read in this file, and takes its parameters from the file that "
                    "gives it memory; give the field a range, AFFQ_RANGE(lo, hi), so that every "
                    "file reads its codes the same way");
    return 1;
  }
  if (affq_is_pointer_variable(a->storage) && affq_find_heap_storage(a, why, sizeof why)) {
    report_float(a, why);
    return 1;
  }
  /* before its range is checked: a range would not make it quantizable */
  if ((affq_is_float_array(a->storage) || affq_is_double_array(a->storage)) &&
      affq_storage_replaceable_at_link_time(a, why, sizeof why)) {
    report_float(a, why);
    return 1;
  }
  return 0;
}

/* a's parameters, from its annotation, initializer or the profile: 0, or
 * nonzero when it stays float or is in error (said here). */
static int choose_params(module_run *r, affq_array *a) {
  char msg[640], why[400], how[400];
  if (r->o->profile_generate && !a->has_range) {
    a->has_range = 1; /* instrumented: the array stays float, any range will do */
    a->lo = -1.0, a->hi = 1.0;
  }
  int e = affq_choose_params(r->td, a, r->o, why, sizeof why);
  if (e == AFFQ_NEEDS_RANGE && r->profile_failed)
    return 1;
  if (e == AFFQ_NEEDS_RANGE && *r->profile_problem) {
    report_float(a, r->profile_problem);
    return 1;
  }
  if (e == AFFQ_NEEDS_RANGE && r->use_profile) {
    if (affq_calibrate(r->M, &r->profile, a, why, sizeof why, how, sizeof how)) {
      if (r->o->profile_strict) {
        snprintf(msg, sizeof msg, "affq: %s: %s", a->name, why);
        say(a, AFFQ_DIAG_ERROR, "", msg);
      } else {
        report_float(a, why);
      }
      return 1;
    }
    say(a, AFFQ_REMARK_ANALYSIS, "Calibrated", how);
    e = affq_choose_params(r->td, a, r->o, why, sizeof why);
  }
  if (e == AFFQ_NEEDS_RANGE && a->taffo) {
    say(a, AFFQ_REMARK_MISSED, "NotQuantized",
                "TAFFO's scalar() gives no range, and there is no calibration profile: the "
                "array stays float");
    return 1;
  }
  if (e && a->taffo) { /* someone else's language: a warning, never an error */
    report_float(a, why);
    return 1;
  }
  if (e) {
    snprintf(msg, sizeof msg, "affq: %s", why);
    say(a, AFFQ_DIAG_ERROR, "", msg);
    return 1;
  }
  return 0;
}

/* The range is narrower than the initializer: said, not hidden. */
static void warn_init_clamped(affq_array *a) {
  char msg[640];
  const affq_qparams *p = &a->params[0];
  snprintf(msg, sizeof msg,
           "affq: %zu of %zu initializer values of %s are outside what its codes hold, "
           "[%g, %g], and are clamped (min %g, max %g)",
           a->init_clamped, a->count, a->name, (double)((float)(p->qmin - p->zero_point) * p->scale),
           (double)((float)(p->qmax - p->zero_point) * p->scale), (double)a->init_min,
           (double)a->init_max);
  say(a, AFFQ_DIAG_WARNING, "", msg);
}

/* Stage 2: check each array and choose its parameters; the candidates go
 * on to the use analysis. */
static void check_arrays(module_run *r) {
  for (size_t i = 0; i < r->n; i++) {
    affq_array *a = &r->arrays[i];
    if (refused_early(r, i) || choose_params(r, a))
      continue;
    if (affq_storage_defined_elsewhere(a)) {
      report_float(a, "it is defined in another translation unit");
      continue;
    }
    if (a->init_clamped)
      warn_init_clamped(a);
    a->state = AFFQ_CHECKED;
    r->cand[r->n_cand++] = a; /* checked: its uses are analyzed, all together */
  }
}

/* Stage 4, instrumented build: every array stays float and records what is
 * stored into it. */
static void instrument_all(module_run *r) {
  char msg[640];
  LLVMValueRef *descs = malloc((r->n_ok ? r->n_ok : 1) * sizeof *descs);
  for (size_t i = 0; i < r->n_ok; i++) {
    affq_array *a = r->ok[i];
    a->state = AFFQ_ACCEPTED;
    affq_profile_key k;
    affq_profile_key_of(r->M, a, &k);
    descs[i] = affq_instrument(r->M, a, r->ok_uses[i], &k);
    snprintf(msg, sizeof msg, "%s: values stored into it are recorded (profile key %s %s %s:%u %s)",
             a->name, k.module, k.symbol, k.file, a->line, k.shape);
    say(a, AFFQ_REMARK_ANALYSIS, "Instrumented", msg);
  }
  affq_register_profiles(r->M, descs, r->n_ok);
  free(descs);
  r->n_ok = 0;
}

/* Stage 4: the accepted arrays become codes, every access rewritten; the
 * marked loops are tied to their arrays first. */
static void rewrite_all(module_run *r) {
  warn_locals_in_clones(r->ok_uses, r->n_ok, r->ok, r->arrays, r->n);
  affq_mark_loops(r->M, r->o, r->ok_uses, r->n_ok);
  affq_check *check = r->o->check && r->n_ok ? affq_check_begin(r->M) : NULL;
  for (size_t i = 0; i < r->n_ok; i++) {
    /* for the loop stage, and the remark on loops that dequantize one by one */
    r->ok[i]->tag_dequantize = !r->o->at_O0;
    affq_rewrite_accesses(r->M, r->ok[i], r->ok_uses[i], check);
  }
  affq_rewrite_copies(r->M, r->ok, r->ok_uses, r->n_ok, check);
  if (check)
    affq_check_end(check);
  for (size_t i = 0; i < r->n_ok; i++) {
    affq_replace_storage(r->ok[i]);
    r->ok[i]->state = AFFQ_ACCEPTED;
    remark_quantized(r->ok[i]);
  }
}

/* Stage 5: what there is to say about each array, said; the annotations
 * consumed, the report written, all freed. */
static void finish(module_run *r) {
  say_all(r->M, r->arrays, r->n);
  for (size_t i = 0; i < r->n; i++) {
    affq_array *a = &r->arrays[i];
    if (a->marker) /* a local that stayed float: its marker is consumed too */
      LLVMInstructionEraseFromParent(a->marker);
    if (a->state != AFFQ_ACCEPTED)
      affq_undo_wrapper(a);
    if (a->kind == AFFQ_STORAGE_FIELD || a->field) /* instrumented: float */
      affq_field_mark_decision(r->M, a, a->state == AFFQ_ACCEPTED && !r->o->profile_generate);
    affq_uses_free(&r->uses[i]);
    free(a->init);
    free(a->params);
    affq_values_free(&a->field_slots);
  }
  drop_global_annotations(r->M);
  if (report_sink) { /* written now, or once the loop stage has run too */
    affq_report_keep(report_sink, r->M);
    if (!r->o->report_later)
      affq_report_finish(r->M);
  }
  report_sink = NULL;
  affq_report_free(&r->report);
  affq_profile_free(&r->profile);
  affq_joint_clones_free(&r->joint);
  affq_clone_registry_free(&r->shared);
  affq_clone_registry_free(&r->cache);
  free(r->cand), free(r->ok), free(r->ok_uses), free(r->uses), free(r->arrays);
  LLVMDisposeTargetData(r->td);
}

/* annotations -> parameters -> uses -> rewrite (or instrument) -> remarks */
int affq_run_module(LLVMModuleRef M, const affq_options *defaults) {
  module_run r;
  memset(&r, 0, sizeof r);
  r.M = M, r.o = defaults;
  affq_find_annotations(M, !defaults->taffo_off, &r.arrays, &r.n);
  if (!r.n && !affq_module_has_marks(M) && !defaults->report[0])
    return 0; /* nothing annotated: the module is not touched */
  size_t room = r.n ? r.n : 1;
  r.td = LLVMCreateTargetData(LLVMGetDataLayoutStr(M));
  r.cand = malloc(room * sizeof *r.cand);
  r.uses = calloc(room, sizeof *r.uses);
  r.ok = malloc(room * sizeof *r.ok);
  r.ok_uses = malloc(room * sizeof *r.ok_uses);
  report_sink = defaults->report[0] ? &r.report : NULL;
  if (report_sink)
    affq_report_begin(M, defaults->report);

  read_profile(&r);
  check_arrays(&r);
  r.n_ok = analyze_all(r.arrays, r.cand, r.n_cand, r.uses, r.ok, r.ok_uses, &r.shared,
                       &r.cache, &r.joint);
  r.n_ok = refuse_conflicts(r.ok, r.ok_uses, r.n_ok, &r.joint, &r.cache);
  if (defaults->profile_generate)
    instrument_all(&r);
  rewrite_all(&r);
  finish(&r);
  return 1;
}
