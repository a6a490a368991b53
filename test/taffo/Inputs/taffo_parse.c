/* Reads TAFFO annotation strings, one per line, and prints what
 * lib/taffo.c makes of each: the pattern, range and disabled flag, or the
 * error. */
#include "affq_internal.h"

#include <stdio.h>
#include <string.h>

int main(void) {
  char line[1024], err[200];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = 0;
    if (strncmp(line, "IN: ", 4))
      continue;
    affq_taffo t;
    const char *text = line + 4;
    if (affq_taffo_parse(text, &t, err, sizeof err)) {
      printf("[%s] error %s\n", text, err);
      continue;
    }
    printf("[%s] %s", text, t.pattern == AFFQ_TAFFO_SCALAR ? "scalar" : "struct");
    if (t.has_range)
      printf(" range %g %g", t.lo, t.hi);
    if (t.disabled)
      printf(" disabled");
    if (t.backtracking >= 0)
      printf(" backtracking %d", t.backtracking);
    if (t.target[0])
      printf(" target <%s>", t.target);
    printf(" looks-like %d\n", affq_taffo_looks_like(text, strlen(text)));
  }
  return 0;
}
