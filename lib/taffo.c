/*
 * taffo.c - TAFFO's annotation language (TAFFO's doc/AnnotationSyntax.md),
 * so that sources annotated for TAFFO get INT8 storage from affq unchanged.
 *
 *   annotation := { top-level attribute } data-pattern { top-level attribute }
 *   top-level  := target(<string>) | errtarget(<string>)
 *               | backtracking | backtracking(<int>) | backtracking(<bool>)
 *   pattern    := scalar( { data-attribute } ) | struct[ [pattern {, pattern}] ] | void
 *   data-attr  := range(<real>, <real>) | type([signed|unsigned] <int> <int>)
 *               | error(<real>) | disabled | final
 *   <string>: single-quoted, @' and @@ escape; numbers: C syntax; <bool>:
 *   true, yes, false, no.  Whitespace may separate any two elements; the
 *   order of the elements is free; exactly one data pattern, not void, at
 *   the top; a repeated attribute: the last one counts.
 *
 * What affq takes from it: the top-level pattern's kind, and for scalar its
 * range and whether it is disabled.  The rest is parsed (so that a malformed
 * annotation is reported) and otherwise ignored.
 */
#include "affq_internal.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *s, *start;
  char *err;
  size_t err_size;
} parser;

static int fail(parser *p, const char *fmt, ...) {
  int n = snprintf(p->err, p->err_size, "at column %d: ", (int)(p->s - p->start) + 1);
  va_list ap;
  va_start(ap, fmt);
  if (n >= 0 && (size_t)n < p->err_size)
    vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
  va_end(ap);
  return -1;
}

static void skip_ws(parser *p) {
  while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r' || *p->s == '\f' ||
         *p->s == '\v')
    p->s++;
}

/* A keyword: the word at p->s, if it is w and not the start of a longer word. */
static int word(parser *p, const char *w) {
  skip_ws(p);
  size_t n = strlen(w);
  if (strncmp(p->s, w, n) || isalnum((unsigned char)p->s[n]) || p->s[n] == '_')
    return 0;
  p->s += n;
  return 1;
}

static int punct(parser *p, char c) {
  skip_ws(p);
  if (*p->s != c)
    return 0;
  p->s++;
  return 1;
}

static int expect(parser *p, char c) {
  return punct(p, c) ? 0 : fail(p, "expected '%c'", c);
}

static int string_literal(parser *p, char *out, size_t size) {
  skip_ws(p);
  if (*p->s != '\'')
    return fail(p, "expected a string in single quotes");
  p->s++;
  size_t n = 0;
  for (;;) {
    char c = *p->s;
    if (!c)
      return fail(p, "unterminated string");
    if (c == '\'') {
      p->s++;
      break;
    }
    if (c == '@') {
      if (p->s[1] != '\'' && p->s[1] != '@')
        return fail(p, "'@' in a string must be followed by ' or @");
      c = p->s[1];
      p->s++;
    }
    if (n + 1 < size)
      out[n++] = c;
    p->s++;
  }
  out[n] = 0;
  return 0;
}

/* C integer literal: decimal, 0 octal, 0x hex; u/l suffixes allowed. */
static int int_literal(parser *p, long long *v) {
  skip_ws(p);
  if (!isdigit((unsigned char)*p->s))
    return fail(p, "expected an integer");
  char *end;
  errno = 0;
  unsigned long long x = strtoull(p->s, &end, 0);
  if (errno || x > (unsigned long long)LLONG_MAX)
    return fail(p, "integer out of range");
  while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
    end++;
  if (isalnum((unsigned char)*end) || *end == '.' || *end == '_')
    return fail(p, "malformed integer");
  p->s = end;
  *v = (long long)x;
  return 0;
}

/* C real (or integer) literal, with an optional sign; no inf or nan. */
static int real_literal(parser *p, double *v) {
  skip_ws(p);
  const char *t = p->s;
  if (*t == '+' || *t == '-')
    t++;
  if (!isdigit((unsigned char)*t) && !(*t == '.' && isdigit((unsigned char)t[1])))
    return fail(p, "expected a number");
  char *end;
  errno = 0;
  double x = strtod(p->s, &end);
  if (*end == 'f' || *end == 'F' || *end == 'l' || *end == 'L')
    end++;
  if (end == p->s || isalnum((unsigned char)*end) || *end == '_' || *end == '.')
    return fail(p, "malformed number");
  if (!isfinite(x))
    return fail(p, "number out of range");
  p->s = end;
  *v = x;
  return 0;
}

static int bool_literal(parser *p, int *v) {
  if (word(p, "true") || word(p, "yes"))
    return *v = 1, 1;
  if (word(p, "false") || word(p, "no"))
    return *v = 0, 1;
  return 0;
}

static int data_pattern(parser *p, affq_taffo *t, int top);

static int scalar_attributes(parser *p, affq_taffo *t, int top) {
  for (;;) {
    skip_ws(p);
    if (*p->s == ')')
      return 0;
    if (!*p->s)
      return fail(p, "expected ')'");
    if (word(p, "range")) {
      double lo, hi;
      if (expect(p, '(') || real_literal(p, &lo) || expect(p, ',') || real_literal(p, &hi) ||
          expect(p, ')'))
        return -1;
      if (top)
        t->has_range = 1, t->lo = lo, t->hi = hi;
    } else if (word(p, "type")) {
      long long bits, frac;
      if (expect(p, '('))
        return -1;
      if (!word(p, "signed"))
        (void)word(p, "unsigned");
      if (int_literal(p, &bits) || int_literal(p, &frac) || expect(p, ')'))
        return -1;
    } else if (word(p, "error")) {
      double e;
      if (expect(p, '(') || real_literal(p, &e) || expect(p, ')'))
        return -1;
    } else if (word(p, "disabled")) {
      if (top)
        t->disabled = 1;
    } else if (word(p, "final")) {
      /* TAFFO's range widening: nothing to do for affq */
    } else {
      return fail(p, "expected a data attribute: range, type, error, disabled or final");
    }
  }
}

static int data_pattern(parser *p, affq_taffo *t, int top) {
  if (word(p, "scalar")) {
    if (top)
      t->pattern = AFFQ_TAFFO_SCALAR;
    return expect(p, '(') || scalar_attributes(p, t, top) || expect(p, ')') ? -1 : 0;
  }
  if (word(p, "struct")) {
    if (top)
      t->pattern = AFFQ_TAFFO_STRUCT;
    if (expect(p, '['))
      return -1;
    if (punct(p, ']'))
      return 0;
    do {
      if (data_pattern(p, t, 0))
        return -1;
    } while (punct(p, ','));
    return expect(p, ']');
  }
  if (word(p, "void")) {
    if (top)
      return fail(p, "void is not allowed as the annotation's data pattern");
    return 0;
  }
  return fail(p, "expected scalar(...), struct[...] or void");
}

int affq_taffo_parse(const char *text, affq_taffo *t, char *err, size_t err_size) {
  memset(t, 0, sizeof *t);
  t->backtracking = -1;
  parser p = {.s = text, .start = text, .err = err, .err_size = err_size};
  for (;;) {
    skip_ws(&p);
    if (!*p.s)
      break;
    if (word(&p, "target") || word(&p, "errtarget")) {
      if (expect(&p, '(') || string_literal(&p, t->target, sizeof t->target) || expect(&p, ')'))
        return -1;
    } else if (word(&p, "backtracking")) {
      if (punct(&p, '(')) {
        long long depth;
        int b;
        if (bool_literal(&p, &b))
          t->backtracking = b ? 1000000 : 0;
        else if (int_literal(&p, &depth))
          return fail(&p, "backtracking takes an integer or true, yes, false, no");
        else
          t->backtracking = (int)(depth > 1000000 ? 1000000 : depth);
        if (expect(&p, ')'))
          return -1;
      } else {
        t->backtracking = 1000000;
      }
    } else if (!strncmp(p.s, "scalar", 6) || !strncmp(p.s, "struct", 6) ||
               !strncmp(p.s, "void", 4)) {
      if (t->pattern)
        return fail(&p, "a second data pattern (an annotation has exactly one)");
      if (data_pattern(&p, t, 1))
        return -1;
      if (!t->pattern) /* void at the top */
        return -1;
    } else {
      return fail(&p, "expected target, errtarget, backtracking, scalar, struct or void");
    }
  }
  if (!t->pattern)
    return fail(&p, "no data pattern (scalar(...) or struct[...])");
  if (t->has_range && !(t->lo <= t->hi))
    return fail(&p, "range(%g, %g): the minimum is above the maximum", t->lo, t->hi);
  return 0;
}

int affq_taffo_looks_like(const char *s, size_t len) {
  static const char *starts[] = {"target", "errtarget", "backtracking", "scalar", "struct"};
  size_t i = 0;
  while (i < len && isspace((unsigned char)s[i]))
    i++;
  for (size_t k = 0; k < sizeof starts / sizeof starts[0]; k++) {
    size_t n = strlen(starts[k]);
    if (len - i >= n && !strncmp(s + i, starts[k], n) &&
        (len - i == n || !(isalnum((unsigned char)s[i + n]) || s[i + n] == '_')))
      return 1;
  }
  return 0;
}
