/*
 * options.c - the pass parameters: affq<bits=4;scheme=symmetric;unsigned>.
 *
 * The same text is accepted from opt's pipeline and, under clang (which has
 * no way to pass pass parameters), from the environment variable
 * AFFQ_OPTIONS.  Elements are separated by ';' as in LLVM's own passes.
 */
#include "affq_pass.h"
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void affq_options_init(affq_options *o) {
  memset(o, 0, sizeof *o); /* options are compared with memcmp: no stray bytes */
  o->array.bits = 8;
  o->array.is_signed = 1;
  o->array.scheme = AFFQ_AFFINE;
  o->array.calib = AFFQ_CALIB_MINMAX;
  o->array.calib_percent = 99.99;
}

static int fail(char *err, size_t size, const char *what, const char *elem, size_t len) {
  snprintf(err, size, "%s '%.*s'", what, (int)len, elem);
  return -1;
}

/* A path option's value; the whole field is cleared first, so no tail of a
 * longer, earlier path stays behind (options are compared with memcmp). */
static int set_path(char *dst, size_t dst_size, const char *v, size_t vlen) {
  if (vlen == 0 || vlen >= dst_size)
    return -1;
  memset(dst, 0, dst_size);
  memcpy(dst, v, vlen);
  return 0;
}

/* One element of an option list: "key" or "key=value". */
typedef struct {
  const char *e, *v; /* the element; its value (after '='), or NULL */
  size_t klen, vlen;
  int eq; /* it has a value */
} element;

static element split(const char *e, size_t len) {
  const char *eq = memchr(e, '=', len);
  element el = {e, eq ? eq + 1 : NULL, eq ? (size_t)(eq - e) : len, 0, eq != NULL};
  el.vlen = eq ? len - el.klen - 1 : 0;
  return el;
}

#define KEY_IS(k) (el.klen == strlen(k) && !strncmp(el.e, k, el.klen))
#define VAL_IS(k) (el.vlen == strlen(k) && !strncmp(el.v, k, el.vlen))

/* One array option; 1 if the key is not one. */
static int parse_array_element(affq_array_options *o, element el, char *err,
                               size_t size) {
  if (!el.eq && KEY_IS("signed")) {
    o->is_signed = 1;
  } else if (!el.eq && KEY_IS("unsigned")) {
    o->is_signed = 0;
  } else if (!el.eq && KEY_IS("per_row")) {
    o->per_row = 1;
  } else if (!el.eq && KEY_IS("per_tensor")) {
    o->per_row = 0;
  } else if (!el.eq && KEY_IS("symmetric")) {
    o->scheme = AFFQ_SYMMETRIC;
  } else if (!el.eq && KEY_IS("affine")) {
    o->scheme = AFFQ_AFFINE;
  } else if (!el.eq && KEY_IS("accumulate")) {
    o->accumulate = 1;
  } else if (el.eq && KEY_IS("scheme")) {
    if (VAL_IS("affine"))
      o->scheme = AFFQ_AFFINE;
    else if (VAL_IS("symmetric"))
      o->scheme = AFFQ_SYMMETRIC;
    else
      return fail(err, size, "scheme must be affine or symmetric, not", el.v, el.vlen);
  } else if (el.eq && KEY_IS("bits")) {
    char buf[8] = {0}, *end;
    if (el.vlen == 0 || el.vlen >= sizeof buf)
      return fail(err, size, "bits must be an integer from 2 to 8, not", el.v, el.vlen);
    memcpy(buf, el.v, el.vlen);
    long b = strtol(buf, &end, 10);
    if (*end || b < 2 || b > 8)
      return fail(err, size, "bits must be an integer from 2 to 8, not", el.v, el.vlen);
    o->bits = (int)b;
  } else if (el.eq && KEY_IS("calib")) {
    char buf[64] = {0};
    affq_calib_method m;
    if (el.vlen >= sizeof buf)
      return fail(err, size, "unknown calibration method", el.v, el.vlen);
    memcpy(buf, el.v, el.vlen);
    if (affq_calib_parse(buf, &m, &o->calib_percent))
      return fail(err, size,
                  "calib must be minmax, percentile:P (50 < P <= 100), mse or kl, not", el.v, el.vlen);
    o->calib = (int)m;
  } else {
    return 1;
  }
  return 0;
}

/* One module option; 1 if the key is not one. */
static int parse_module_element(affq_options *o, element el, char *err,
                                size_t size) {
  if (!el.eq && KEY_IS("profile-generate")) {
    o->profile_generate = 1;
  } else if (!el.eq && KEY_IS("check")) {
    o->check = 1;
  } else if (el.eq && KEY_IS("report")) {
    if (set_path(o->report, sizeof o->report, el.v, el.vlen))
      return fail(err, size, "report needs a path, not", el.v, el.vlen);
  } else if (el.eq && KEY_IS("taffo")) {
    if (VAL_IS("on"))
      o->taffo_off = 0;
    else if (VAL_IS("off"))
      o->taffo_off = 1;
    else
      return fail(err, size, "taffo must be on or off, not", el.v, el.vlen);
  } else if (!el.eq && KEY_IS("profile-strict")) {
    o->profile_strict = 1;
  } else if (el.eq && KEY_IS("profile-use")) {
    if (set_path(o->profile_use, sizeof o->profile_use, el.v, el.vlen))
      return fail(err, size, "profile-use needs a path, not", el.v, el.vlen);
  } else {
    return 1;
  }
  return 0;
}
#undef KEY_IS
#undef VAL_IS

/* Split text at ';' and ',' and hand each element to one(): 0 parsed, -1
 * error (err set), 1 unknown. */
static int parse_list(const char *text, char *err, size_t size,
                      int (*one)(void *ctx, const char *e, size_t len, char *err, size_t size),
                      void *ctx) {
  const char *p = text;
  while (*p) {
    const char *end = strpbrk(p, ";,");
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == 0)
      return fail(err, size, "empty affq parameter in", text, strlen(text));
    int r = one(ctx, p, len, err, size);
    if (r)
      return r < 0 ? -1 : fail(err, size, "unknown affq parameter", p, len);
    p += len + (end ? 1 : 0);
  }
  return 0;
}

static int module_one(void *ctx, const char *e, size_t len, char *err, size_t size) {
  affq_options *o = ctx;
  int r = parse_array_element(&o->array, split(e, len), err, size);
  return r == 1 ? parse_module_element(o, split(e, len), err, size) : r;
}

static int array_one(void *ctx, const char *e, size_t len, char *err, size_t size) {
  element el = split(e, len);
  int r = parse_array_element(ctx, el, err, size);
  if (r != 1)
    return r;
  affq_options probe;
  affq_options_init(&probe);
  if (parse_module_element(&probe, el, err, size) == 1)
    return 1;
  snprintf(err, size,
           "'%.*s' is a module option: give it to the pass (AFFQ_OPTIONS, affq<...> or an affq-cc "
           "flag), not to an annotation",
           (int)el.klen, e);
  return -1;
}

int affq_options_parse(affq_options *o, const char *text, char *err, size_t size) {
  return parse_list(text, err, size, module_one, o);
}

int affq_array_options_parse(affq_array_options *o, const char *text, char *err, size_t size) {
  return parse_list(text, err, size, array_one, o);
}

/* Append ";text" (no ';' before the first element) to buf, truncating safely. */
static void append(char *buf, size_t size, const char *text) {
  size_t used = strlen(buf);
  snprintf(buf + used, size - used, "%s%s", used ? ";" : "", text);
}

static void append_path(char *buf, size_t size, const char *key, const char *path) {
  char elem[600];
  if (!path[0])
    return;
  snprintf(elem, sizeof elem, "%s=%s", key, path);
  append(buf, size, elem);
}

void affq_options_format(const affq_options *o, char *buf, size_t size) {
  affq_options d;
  affq_options_init(&d);
  char elem[64];
  buf[0] = 0;
  const affq_array_options *a = &o->array;
  if (a->bits != d.array.bits) {
    snprintf(elem, sizeof elem, "bits=%d", a->bits);
    append(buf, size, elem);
  }
  if (a->scheme != d.array.scheme)
    append(buf, size, a->scheme == AFFQ_SYMMETRIC ? "scheme=symmetric" : "scheme=affine");
  if (a->is_signed != d.array.is_signed)
    append(buf, size, a->is_signed ? "signed" : "unsigned");
  if (a->per_row != d.array.per_row)
    append(buf, size, a->per_row ? "per_row" : "per_tensor");
  if (a->calib != d.array.calib ||
      (a->calib == AFFQ_CALIB_PERCENTILE && a->calib_percent != 99.99)) {
    if (a->calib == AFFQ_CALIB_PERCENTILE)
      snprintf(elem, sizeof elem, "calib=percentile:%.17g", a->calib_percent);
    else
      snprintf(elem, sizeof elem, "calib=%s", affq_calib_name((affq_calib_method)a->calib));
    append(buf, size, elem);
  }
  if (a->accumulate)
    append(buf, size, "accumulate");
  if (o->check)
    append(buf, size, "check");
  if (o->profile_generate)
    append(buf, size, "profile-generate");
  append_path(buf, size, "profile-use", o->profile_use);
  if (o->profile_strict)
    append(buf, size, "profile-strict");
  if (o->taffo_off)
    append(buf, size, "taffo=off");
  append_path(buf, size, "report", o->report);
}
