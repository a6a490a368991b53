/*
 * loops.c - tie each AFFQ_LOOP marker and each AFFQ_KERNEL function to its
 * loops (pass 1, at the pipeline start).
 *
 * AFFQ_LOOP is a statement, (void)__builtin_annotation(0, "affq_loop:..."),
 * which clang emits as a call of @llvm.annotation.i32 carrying the text, the
 * file and the line.  At the pipeline start the IR is as clang wrote it: the
 * marker's block ends in a branch straight to the header of the loop that
 * follows it (for, while and do loops alike).  That loop gets a mark in its
 * llvm.loop metadata, which survives the loop passes up to the loop stage
 * (products.c), and the marker call is deleted.
 */
#include "affq_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int affq_loop_options_parse(affq_loop_options *o, const char *text, char *err, size_t err_size) {
  o->dynamic = 0;
  o->kernel = AFFQ_KERNEL_AUTO;
  const char *p = text;
  while (*p) {
    size_t len = strcspn(p, ",;");
    char item[64];
    snprintf(item, sizeof item, "%.*s", (int)(len < 63 ? len : 63), p);
    if (!strcmp(item, "dynamic") || !strcmp(item, "dynamic=on") || !strcmp(item, "dynamic=1"))
      o->dynamic = 1;
    else if (!strcmp(item, "dynamic=off") || !strcmp(item, "dynamic=0"))
      o->dynamic = 0;
    else if (!strcmp(item, "kernel=auto"))
      o->kernel = AFFQ_KERNEL_AUTO;
    else if (!strcmp(item, "kernel=on") || !strcmp(item, "kernel=1"))
      o->kernel = AFFQ_KERNEL_ON;
    else if (!strcmp(item, "kernel=off") || !strcmp(item, "kernel=0"))
      o->kernel = AFFQ_KERNEL_OFF;
    else if (len) {
      snprintf(err, err_size,
               "unknown loop option '%s' (expected dynamic, dynamic=on, dynamic=off, kernel=auto, "
               "kernel=on or kernel=off)",
               item);
      return -1;
    }
    p += len;
    if (*p)
      p++;
  }
  return 0;
}

/* One AFFQ_LOOP marker, or one AFFQ_KERNEL function. */
typedef struct {
  LLVMValueRef call;     /* the marker call (NULL for a kernel) */
  LLVMValueRef function; /* where it is: the user's function, or a copy affq made of it */
  char options[128];
  char file[512];
  unsigned line;
  /* what became of it: marked some loop, or the warning it would get */
  int marked;
  char warning[300];
} mark;

/* "affq_loop" / "affq_loop:..." (or affq_kernel): the options after ':'. */
static const char *mark_options(const char *s, size_t len, const char *word, size_t *opt_len) {
  size_t w = strlen(word);
  if (!s || len < w || strncmp(s, word, w) || (len > w && s[w] != ':'))
    return NULL;
  *opt_len = len > w ? len - w - 1 : 0;
  return len > w ? s + w + 1 : "";
}

static void fill_mark(mark *m, const char *opts, size_t opt_len, LLVMValueRef file, LLVMValueRef line) {
  size_t flen = 0;
  const char *f = affq_const_string(file, &flen);
  snprintf(m->options, sizeof m->options, "%.*s", (int)opt_len, opts);
  snprintf(m->file, sizeof m->file, "%.*s", f ? (int)flen : 9, f ? f : "<unknown>");
  m->line = LLVMIsAConstantInt(line) ? (unsigned)LLVMConstIntGetZExtValue(line) : 0;
}

static int read_marker(LLVMValueRef call, mark *m) {
  if (!LLVMIsACallInst(call) || LLVMGetNumArgOperands(call) != 4)
    return 0;
  if (!affq_calls(call, "llvm.annotation."))
    return 0;
  size_t len;
  const char *s = affq_const_string(LLVMGetOperand(call, 1), &len);
  size_t opt_len;
  const char *opts = mark_options(s, len, "affq_loop", &opt_len);
  if (!opts)
    return 0;
  memset(m, 0, sizeof *m); /* marked and warning are read later, whatever happens */
  m->call = call;
  m->function = LLVMGetBasicBlockParent(LLVMGetInstructionParent(call));
  fill_mark(m, opts, opt_len, LLVMGetOperand(call, 2), LLVMGetOperand(call, 3));
  return 1;
}

static void push_mark(mark **v, size_t *n, size_t *cap, const mark *m) {
  *v = affq_grow(*v, cap, *n, sizeof **v);
  (*v)[(*n)++] = *m;
}

/* Source order, so diagnostics read top to bottom. */
static int by_position(const void *x, const void *y) {
  const mark *a = x, *b = y;
  int c = strcmp(a->file, b->file);
  return c ? c : (a->line > b->line) - (a->line < b->line);
}

static void find_kernels(LLVMModuleRef M, mark **v, size_t *n, size_t *cap) {
  LLVMValueRef ga = LLVMGetNamedGlobal(M, "llvm.global.annotations");
  LLVMValueRef list = ga ? LLVMGetInitializer(ga) : NULL;
  for (int i = 0, e = list ? LLVMGetNumOperands(list) : 0; i < e; i++) {
    LLVMValueRef entry = LLVMGetOperand(list, (unsigned)i);
    if (LLVMGetNumOperands(entry) < 4)
      continue;
    size_t len, opt_len;
    const char *s = affq_const_string(LLVMGetOperand(entry, 1), &len);
    const char *opts = mark_options(s, len, "affq_kernel", &opt_len);
    if (!opts)
      continue;
    if (!LLVMIsAFunction(LLVMGetOperand(entry, 0))) { /* said, never dropped in silence */
      size_t flen = 0, nlen = 0;
      const char *file = affq_const_string(LLVMGetOperand(entry, 2), &flen);
      const char *name = LLVMGetValueName2(LLVMGetOperand(entry, 0), &nlen);
      char f[512], msg[400];
      snprintf(f, sizeof f, "%.*s", (int)flen, file ? file : "");
      snprintf(msg, sizeof msg,
               "affq: AFFQ_KERNEL marks a function, and '%.*s' is a variable: it is ignored (to "
               "quantize an array, use AFFQ or AFFQ_RANGE)",
               (int)nlen, name);
      affq_report(M, NULL, AFFQ_DIAG_WARNING, f,
                  (unsigned)LLVMConstIntGetZExtValue(LLVMGetOperand(entry, 3)), "", msg);
      continue;
    }
    mark m = {0};
    m.function = LLVMGetOperand(entry, 0);
    fill_mark(&m, opts, opt_len, LLVMGetOperand(entry, 2), LLVMGetOperand(entry, 3));
    push_mark(v, n, cap, &m);
    /* the copies affq made of it for the arrays it is called with
     * (f.affq, f.affq.1, f.affq.joint): where the quantized arrays are */
    size_t flen;
    const char *fname = LLVMGetValueName2(m.function, &flen);
    for (LLVMValueRef g = LLVMGetFirstFunction(M); g; g = LLVMGetNextFunction(g)) {
      size_t glen;
      const char *gname = LLVMGetValueName2(g, &glen);
      if (g != m.function && glen > flen + 4 && !strncmp(gname, fname, flen) &&
          !strncmp(gname + flen, ".affq", 5) && LLVMCountBasicBlocks(g)) {
        m.function = g;
        push_mark(v, n, cap, &m);
      }
    }
  }
}

/* Is b a copy of the marker a (the same marker in the user's function and
 * in the copies affq made of it)? */
static int same_marker(const mark *a, const mark *b) {
  char na[256], nb[256];
  affq_user_function_name(a->function, na, sizeof na);
  affq_user_function_name(b->function, nb, sizeof nb);
  return a->line == b->line && !strcmp(a->file, b->file) && (a->call != NULL) == (b->call != NULL) &&
         !strcmp(na, nb);
}

int affq_module_has_marks(LLVMModuleRef M) {
  if (LLVMGetNamedGlobal(M, "llvm.global.annotations"))
    return 1;
  for (LLVMValueRef f = LLVMGetFirstFunction(M); f; f = LLVMGetNextFunction(f)) {
    size_t len;
    const char *name = LLVMGetValueName2(f, &len);
    if (len > 16 && !strncmp(name, "llvm.annotation.", 16) && LLVMGetFirstUse(f))
      return 1;
  }
  return 0;
}

static int any_in_loop(affq_loopctx *c, LLVMBasicBlockRef h, const affq_values *l) {
  for (size_t i = 0; i < l->n; i++)
    if (LLVMIsAInstruction(l->v[i]) && affq_loop_contains(c, h, LLVMGetInstructionParent(l->v[i])))
      return 1;
  return 0;
}

/* Does loop h read or write one of the arrays being quantized? */
static int touches_quantized(affq_loopctx *c, LLVMBasicBlockRef h, affq_uses **u, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (any_in_loop(c, h, &u[i]->loads) || any_in_loop(c, h, &u[i]->stores) ||
        any_in_loop(c, h, &u[i]->calls) || any_in_loop(c, h, &u[i]->redirect_call))
      return 1;
  return 0;
}

static void remark_at_O0(LLVMModuleRef M, const mark *m, const char *what) {
  char msg[400];
  snprintf(msg, sizeof msg,
           "%s stays element-wise at -O0: products become int8 kernel calls from -O1 up", what);
  affq_report(M, m->function, AFFQ_REMARK_ANALYSIS, m->file, m->line, "LoopAtO0", msg);
}

/* Mark loop h for the loop stage, or note why not. */
static int mark_loop(affq_loopctx *c, LLVMBasicBlockRef h, mark *m, const char *what, affq_uses **u,
                     size_t n) {
  if (!touches_quantized(c, h, u, n)) {
    snprintf(m->warning, sizeof m->warning,
             "affq: %s touches no quantized array; it is left as it is", what);
    return 0;
  }
  affq_loop_set_mark(c, h, m->options, m->file, m->line);
  return m->marked = 1;
}

/* Does fn start an OpenMP parallel region (whose body clang outlined)? */
static int forks_openmp(LLVMValueRef fn) {
  for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(fn); b; b = LLVMGetNextBasicBlock(b))
    for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i))
      if (LLVMIsACallInst(i) && affq_calls(i, "__kmpc_fork_call"))
        return 1;
  return 0;
}

/* Mark the loops of one marker's copy (m->function), or note why not. */
static int mark_copy(affq_loopctx *c, mark *m, affq_uses **u, size_t n) {
  if (m->call) { /* the loop right after the marker: its block branches to the header */
    LLVMValueRef term = LLVMGetBasicBlockTerminator(LLVMGetInstructionParent(m->call));
    LLVMBasicBlockRef h = term && LLVMIsABranchInst(term) && !LLVMIsConditional(term)
                              ? LLVMGetSuccessor(term, 0)
                              : NULL;
    if (h && affq_loop_contains(c, h, h))
      return mark_loop(c, h, m, "this AFFQ_LOOP loop", u, n);
    snprintf(m->warning, sizeof m->warning, "affq: AFFQ_LOOP is not followed by a loop; it is ignored");
    return 0;
  }
  LLVMBasicBlockRef hs[256];
  size_t nh = affq_loops_list(c, hs, 256), marked = 0, top = 0;
  for (size_t j = 0; j < nh; j++)
    if (!affq_loop_parent(c, hs[j]) && (top++, 1) && touches_quantized(c, hs[j], u, n)) {
      affq_loop_set_mark(c, hs[j], m->options, m->file, m->line);
      marked++;
    }
  char fname[256];
  affq_user_function_name(m->function, fname, sizeof fname);
  snprintf(m->warning, sizeof m->warning, "affq: AFFQ_KERNEL function '%s' has %s", fname,
           top ? "no loop that touches a quantized array"
           : forks_openmp(m->function)
               ? "no loops: OpenMP moved the loop of its parallel region into a function of its "
                 "own, which the mark does not reach; put AFFQ_LOOP before the loop inside the "
                 "region instead"
               : "no loops");
  m->marked = marked > 0;
  return (int)marked;
}

/* Judge each marker once over all its copies: a warning only if no copy
 * marked a loop, and one remark at -O0 if some did. */
static void say_marks(LLVMModuleRef M, const affq_options *o, mark *marks, size_t n_marks) {
  for (size_t k = 0; k < n_marks; k++) {
    mark *m = &marks[k];
    int first = 1, marked = 0;
    for (size_t j = 0; j < n_marks; j++)
      if (same_marker(m, &marks[j])) {
        first &= j >= k;
        marked |= marks[j].marked;
      }
    if (!first)
      continue;
    if (marked && o->at_O0) {
      char fname[256], what[300];
      affq_user_function_name(m->function, fname, sizeof fname);
      if (m->call)
        snprintf(what, sizeof what, "this AFFQ_LOOP loop");
      else
        snprintf(what, sizeof what, "AFFQ_KERNEL function '%s'", fname);
      remark_at_O0(M, m, what);
    } else if (!marked && *m->warning) {
      affq_report(M, m->function, AFFQ_DIAG_WARNING, m->file, m->line, "LoopIgnored", m->warning);
    }
  }
}

int affq_mark_loops(LLVMModuleRef M, const affq_options *o, affq_uses **u, size_t n) {
  int n_marked = 0;
  mark *marks = NULL;
  size_t n_marks = 0, cap = 0;
  find_kernels(M, &marks, &n_marks, &cap);
  for (LLVMValueRef f = LLVMGetFirstFunction(M); f; f = LLVMGetNextFunction(f))
    for (LLVMBasicBlockRef b = LLVMGetFirstBasicBlock(f); b; b = LLVMGetNextBasicBlock(b))
      for (LLVMValueRef i = LLVMGetFirstInstruction(b); i; i = LLVMGetNextInstruction(i)) {
        mark m;
        if (read_marker(i, &m))
          push_mark(&marks, &n_marks, &cap, &m);
      }

  if (n_marks > 1)
    qsort(marks, n_marks, sizeof *marks, by_position);
  char msg[400], err[200];
  for (size_t k = 0; k < n_marks; k++) {
    mark *m = &marks[k];
    affq_loop_options lo;
    if (o->profile_generate) {
      /* instrumented build: nothing is quantized, the markers just go */
    } else if (affq_loop_options_parse(&lo, m->options, err, sizeof err)) {
      snprintf(msg, sizeof msg, "affq: %s", err);
      int first = 1; /* one error however many copies */
      for (size_t j = 0; j < k; j++)
        first &= !same_marker(m, &marks[j]);
      if (first)
        affq_report(M, m->function, AFFQ_DIAG_ERROR, m->file, m->line, "", msg);
    } else if (LLVMCountBasicBlocks(m->function)) {
      affq_loopctx *c = affq_loops_local(m->function);
      n_marked += mark_copy(c, m, u, n);
      affq_loops_free(c);
    }
    if (m->call)
      LLVMInstructionEraseFromParent(m->call);
  }
  if (!o->profile_generate)
    say_marks(M, o, marks, n_marks);
  free(marks);
  return n_marked;
}
