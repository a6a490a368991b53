/*
 * params.c - check what an annotation marks and choose its (s, z).
 *
 * The array must hold floats only.  Its range is the annotation's
 * AFFQ_RANGE(lo, hi), or else the min and max of its constant initializer
 * (for a local: the constant that clang memcpys into it).  Parameters come
 * from affq_choose_qparams, the runtime's own function, compiled into the
 * plugin: a value quantized here equals the same value quantized at run
 * time.  Every failure is an error at the declaration.
 */
#include "affq_internal.h"
#include "qmath.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, size, fmt, ap);
  va_end(ap);
  return -1;
}

/* Does the type hold elements of one kind (float, or double) and nothing
 * else?  Arrays of them, and the packed literal structs clang gives a
 * partially initialized array (the nonzero head, then a zero tail:
 * <{ [2 x float], [98 x float] }>).  A C struct is a named type, and
 * _Complex float the unpacked { float, float }: neither is an array. */
static int all_of(LLVMTypeRef t, LLVMTypeKind kind) {
  LLVMTypeKind k = LLVMGetTypeKind(t);
  if (k == kind)
    return 1;
  switch (k) {
  case LLVMArrayTypeKind:
    return all_of(LLVMGetElementType(t), kind);
  case LLVMStructTypeKind:
    if (!LLVMIsPackedStruct(t) || !LLVMIsLiteralStruct(t))
      return 0;
    for (unsigned i = 0, e = LLVMCountStructElementTypes(t); i < e; i++)
      if (!all_of(LLVMStructGetTypeAtIndex(t, i), kind))
        return 0;
    return LLVMCountStructElementTypes(t) > 0;
  default:
    return 0;
  }
}

/* Flatten a constant of such a type (elements of esize bytes) into
 * doubles (floats widen exactly); returns how many.  Runs of elements are
 * read in bulk (the raw data of a ConstantDataArray, a zero aggregate as
 * zeros): one call per element cost 0.46 us an element. */
static size_t flatten(LLVMValueRef c, double *out, size_t cap, LLVMTargetDataRef td,
                      unsigned esize) {
  LLVMTypeRef t = LLVMTypeOf(c);
  LLVMTypeKind k = LLVMGetTypeKind(t);
  if (k == LLVMFloatTypeKind || k == LLVMDoubleTypeKind) {
    LLVMBool loses;
    if (cap) /* (a float constant's value is a float: exact in double) */
      *out = LLVMIsAConstantFP(c) ? LLVMConstRealGetDouble(c, &loses) : 0.0;
    return 1;
  }
  size_t elems = (size_t)(LLVMABISizeOfType(td, t) / esize);
  if (LLVMIsNull(c) || LLVMIsAUndefValue(c)) { /* zeroinitializer, undef, poison */
    for (size_t i = 0; i < elems && i < cap; i++)
      out[i] = 0.0;
    return elems;
  }
  size_t bytes;
  const char *raw = affq_constant_fp_data(c, esize, &bytes);
  if (raw) {
    size_t n = bytes / esize;
    for (size_t i = 0; i < n && i < cap; i++) {
      if (esize == 4) {
        float f;
        memcpy(&f, raw + 4 * i, 4);
        out[i] = f;
      } else {
        memcpy(&out[i], raw + 8 * i, 8);
      }
    }
    return n;
  }
  unsigned n = LLVMGetTypeKind(t) == LLVMArrayTypeKind ? (unsigned)LLVMGetArrayLength2(t)
                                                       : LLVMCountStructElementTypes(t);
  size_t done = 0;
  for (unsigned i = 0; i < n; i++) {
    LLVMValueRef e = LLVMGetAggregateElement(c, i);
    if (!e)
      return 0;
    done += flatten(e, out + done, cap > done ? cap - done : 0, td, esize);
  }
  return done;
}

/* rows x cols when the type is a plain 2-D array of floats (doubles). */
static void shape_2d(LLVMTypeRef t, size_t *rows, size_t *cols) {
  *rows = *cols = 0;
  if (LLVMGetTypeKind(t) != LLVMArrayTypeKind)
    return;
  LLVMTypeRef row = LLVMGetElementType(t);
  LLVMTypeKind e = LLVMGetTypeKind(LLVMGetElementType(row));
  if (LLVMGetTypeKind(row) == LLVMArrayTypeKind &&
      (e == LLVMFloatTypeKind || e == LLVMDoubleTypeKind)) {
    *rows = (size_t)LLVMGetArrayLength2(t);
    *cols = (size_t)LLVMGetArrayLength2(row);
  }
}

/* The one math (qmath.h) in the array's element type: float arrays in
 * float (x, a float widened, converts back exactly), double arrays in double. */
int32_t affq_quantize_element(const affq_array *a, const affq_qparams *p, double x) {
  return a->esize == 8 ? affq_qmath_quantize_f64(x, p->scale, p->zero_point, p->qmin, p->qmax)
                       : affq_qmath_quantize((float)x, p->scale, p->zero_point, p->qmin, p->qmax);
}
double affq_roundtrip(const affq_array *a, const affq_qparams *p, double x) {
  int32_t q = affq_quantize_element(a, p, x);
  return a->esize == 8 ? affq_qmath_dequantize_f64(q, p->scale, p->zero_point)
                       : affq_qmath_dequantize(q, p->scale, p->zero_point);
}
int affq_clamps(const affq_array *a, const affq_qparams *p, double x) {
  return a->esize == 8 ? affq_qmath_clamps_f64(x, p->scale, p->zero_point, p->qmin, p->qmax)
                       : affq_qmath_clamps((float)x, p->scale, p->zero_point, p->qmin, p->qmax);
}

static int choose_from(affq_array *a, affq_qparams *p, float lo, float hi, char *err,
                       size_t size) {
  int e = affq_choose_qparams(lo, hi, a->options.bits, a->options.is_signed, a->options.scheme, p);
  return e ? fail(err, size, "cannot quantize %s: %s", a->name, affq_strerror(e)) : 0;
}

int affq_is_float_array(LLVMValueRef storage) {
  LLVMTypeRef t = affq_storage_value_type(storage);
  return t && LLVMGetTypeKind(t) != LLVMFloatTypeKind && all_of(t, LLVMFloatTypeKind);
}

int affq_is_double_array(LLVMValueRef storage) {
  LLVMTypeRef t = affq_storage_value_type(storage);
  return t && LLVMGetTypeKind(t) != LLVMDoubleTypeKind && all_of(t, LLVMDoubleTypeKind);
}

/* A range of doubles as float bounds rounded outward, so that the float
 * range holds every value: the double rule (docs/math.md), qmath.h's one
 * definition, as affq_choose_qparams_f64 applies it. */
static void outward(double lo, double hi, float *flo, float *fhi) {
  *flo = affq_qmath_f32_down(lo);
  *fhi = affq_qmath_f32_up(hi);
}

/* A heap array: its size is known at run time only, so its range must come
 * from the annotation (or a profile). */
static int choose_heap(affq_array *a, const affq_options *defaults, char *err, size_t size) {
  a->options = defaults->array;
  if (affq_array_options_parse(&a->options, a->option_text, err, size))
    return -1;
  if (a->options.per_row)
    return fail(err, size, "per_row needs a 2-D array, and %s is heap memory", a->name);
  if (a->has_range < 0 || (a->has_range && !(isfinite(a->lo) && isfinite(a->hi) && a->lo < a->hi)))
    return fail(err, size, "the range of %s must be two finite numbers, lo < hi", a->name);
  a->count = a->rows = a->cols = 0;
  if (!a->has_range) {
    fail(err, size, "cannot know the range of %s (heap memory): give AFFQ_RANGE(lo, hi) or a "
                    "calibration profile",
         a->name);
    return AFFQ_NEEDS_RANGE;
  }
  a->params = calloc(1, sizeof *a->params);
  a->n_params = 1;
  return a->params ? choose_from(a, &a->params[0], (float)a->lo, (float)a->hi, err, size) : -1;
}

/* (s, z) for each group (the tensor, or each row): from the annotation's
 * range, or the initializer's min and max. */
static int choose_groups(affq_array *a, char *err, size_t size) {
  size_t groups = a->options.per_row ? a->rows : 1;
  size_t group_len = a->options.per_row ? a->cols : a->count;
  a->params = calloc(groups ? groups : 1, sizeof *a->params);
  a->n_params = groups;
  for (size_t g = 0; g < groups; g++) {
    if (a->has_range) {
      if (choose_from(a, &a->params[g], (float)a->lo, (float)a->hi, err, size))
        return -1;
      continue;
    }
    if (!a->init) {
      fail(err, size,
           "cannot know the range of %s: give AFFQ_RANGE(lo, hi), a constant initializer or a "
           "calibration profile",
           a->name);
      return AFFQ_NEEDS_RANGE;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = g * group_len; i < (g + 1) * group_len; i++) {
      double x = a->init[i];
      if (isinf(x))
        return fail(err, size, "the initializer of %s holds %s; give AFFQ_RANGE(lo, hi)", a->name,
                    x > 0 ? "+Inf" : "-Inf");
      if (x != x)
        continue;
      lo = x < lo ? x : lo;
      hi = x > hi ? x : hi;
    }
    if (lo > hi) /* a row of NaN only: any range will do, the codes are z */
      lo = hi = 0.0;
    float flo, fhi; /* floats are exact; doubles rounded outward */
    outward(lo, hi, &flo, &fhi);
    if (choose_from(a, &a->params[g], flo, fhi, err, size))
      return -1;
  }

  return 0;
}

/* The initializer's largest quantization error, and the values the codes
 * cannot hold (an AFFQ_RANGE narrower than it: clamped, which pass.c says
 * aloud). */
static void measure_initializer(affq_array *a) {
  a->max_abs_error = 0.0;
  a->init_clamped = 0;
  a->init_min = INFINITY, a->init_max = -INFINITY;
  for (size_t i = 0; a->init && i < a->count; i++) {
    const affq_qparams *p = &a->params[a->options.per_row ? i / a->cols : 0];
    double x = a->init[i];
    double e = fabs(affq_roundtrip(a, p, x) - x);
    if (x == x && e > a->max_abs_error)
      a->max_abs_error = e;
    if (affq_clamps(a, p, x)) {
      a->init_clamped++;
      a->init_min = fmin(a->init_min, x), a->init_max = fmax(a->init_max, x);
    }
  }
}

/*
 * An array another file defines (AFFQ_EXTERN): its parameters are that
 * file's, read at run time from the global it exports (rewrite.c).  Here
 * only the shape, and the code type this file expects: the default options'
 * (signed or unsigned, which the names of the exported symbols check at link
 * time).  The placeholder scale is a NaN of its own, so that no specialized
 * clone made for another array, whose parameters are known, is reused.
 */
static int choose_extern(LLVMTargetDataRef td, affq_array *a, const affq_options *defaults,
                         char *err, size_t size) {
  static uint32_t serial;
  if (!LLVMIsAGlobalVariable(a->storage))
    return fail(err, size, "AFFQ_EXTERN names %s, which is not a global variable", a->name);
  if (!affq_is_float_array(a->storage) && !affq_is_double_array(a->storage))
    return fail(err, size, "AFFQ_EXTERN names %s, which is not an array of float or double",
                a->name);
  a->esize = affq_is_double_array(a->storage) ? 8 : 4;
  a->options = defaults->array;
  a->count = (size_t)(LLVMABISizeOfType(td, affq_storage_value_type(a->storage)) / a->esize);
  a->rows = a->cols = 0;
  free(a->params);
  a->params = calloc(1, sizeof *a->params);
  a->n_params = 1;
  if (!a->params || choose_from(a, &a->params[0], -1.0f, 1.0f, err, size))
    return -1;
  uint32_t bits = 0x7fc00000u | (++serial & 0x3fffffu);
  memcpy(&a->params[0].scale, &bits, sizeof bits);
  a->has_range = 1;
  return 0;
}

int affq_choose_params(LLVMTargetDataRef td, affq_array *a, const affq_options *defaults,
                       char *err, size_t size) {
  if (a->kind == AFFQ_STORAGE_EXTERN)
    return choose_extern(td, a, defaults, err, size);
  if (affq_storage_sized_at_run_time(a)) {
    free(a->params);
    a->params = NULL;
    return choose_heap(a, defaults, err, size);
  }
  LLVMTypeRef t = affq_storage_value_type(a->storage);
  /* (an annotated pointer never gets here: heap.c takes its allocation, or
   * pass.c keeps it float with the reason) */
  if (!affq_is_float_array(a->storage) && !affq_is_double_array(a->storage))
    return fail(err, size, "affq annotates %s, which is not an array of float or double", a->name);
  a->esize = affq_is_double_array(a->storage) ? 8 : 4;

  free(a->init), free(a->params); /* a second call, with a range from a profile */
  a->init = NULL, a->params = NULL, a->init_nonzero = a->init_zero = 0;
  a->options = defaults->array;
  if (affq_array_options_parse(&a->options, a->option_text, err, size))
    return -1;
  if (a->has_range < 0)
    return fail(err, size, "the range of %s must be two numbers: AFFQ_RANGE(lo, hi)", a->name);
  if (a->has_range && !(isfinite(a->lo) && isfinite(a->hi)))
    return fail(err, size, "the range of %s is not finite: [%g, %g]", a->name, a->lo, a->hi);
  if (a->has_range && !(a->lo < a->hi))
    return fail(err, size, "the range of %s is empty: lo (%g) must be less than hi (%g)", a->name,
                a->lo, a->hi);

  a->count = (size_t)(LLVMABISizeOfType(td, t) / a->esize);
  shape_2d(t, &a->rows, &a->cols);
  if (a->options.per_row && !a->rows)
    return fail(err, size, "per_row needs a 2-D float array, and %s is not one", a->name);

  LLVMValueRef init = affq_storage_initializer(a, td);
  a->init_from_memcpy = init && a->init_call; /* a local's: a memcpy, or memset + stores */
  /* An all-zero initializer is not copied out: its codes are one value
   * (rewrite.c), and nothing here may cost time in proportion to its size. */
  a->init_zero = init && (LLVMIsNull(init) || LLVMIsAUndefValue(init));
  if (init && !a->init_zero) {
    a->init = malloc((a->count ? a->count : 1) * sizeof *a->init);
    if (!a->init || flatten(init, a->init, a->count, td, a->esize) != a->count)
      return fail(err, size, "cannot read the initializer of %s", a->name);
  }

  for (size_t i = 0; a->init && i < a->count; i++)
    a->init_nonzero |= a->init[i] != 0.0; /* NaN counts: it is not zero */
  if (!a->has_range && (a->init || a->init_zero) && !a->init_nonzero) {
    fail(err, size,
         "cannot know the range of %s: its initializer is all zero; give AFFQ_RANGE(lo, hi) "
         "or a calibration profile",
         a->name);
    return AFFQ_NEEDS_RANGE;
  }

  int e = choose_groups(a, err, size);
  if (e)
    return e;
  measure_initializer(a);
  return 0;
}
