/* Drives lib/values.c with random pushes, adds, sets, pops and clears, and checks
   every affq_values_has answer against a linear search of the same list.
   The values are fake pointers (never dereferenced), drawn from a small pool
   so that duplicates and NULL both occur. Prints how many answers were
   checked and how many came from the hash index. */
#include "affq_internal.h"

#include <stdint.h>
#include <stdio.h>

static uint64_t rng = 88172645463325252u;
static uint64_t next(void) { /* xorshift64 */
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static LLVMValueRef fake(uint64_t k) { return (LLVMValueRef)(uintptr_t)(k * 16); } /* k = 0: NULL */

static int linear_has(const affq_values *a, LLVMValueRef v) {
  for (size_t i = 0; i < a->n; i++)
    if (a->v[i] == v)
      return 1;
  return 0;
}

int main(void) {
  long checked = 0, indexed = 0, wrong = 0;
  size_t largest = 0;
  for (int round = 0; round < 40; round++) {
    affq_values a = {0};
    uint64_t pool = 8 + next() % 4000; /* some rounds stay below the index threshold */
    for (int op = 0; op < 20000; op++) {
      uint64_t r = next() % 1000;
      LLVMValueRef v = fake(next() % pool);
      if (r < 450)
        affq_values_push(&a, v);
      else if (r < 700)
        affq_values_add(&a, v);
      else if (r < 702 && a.n)
        affq_values_set(&a, next() % a.n, next() % 2 ? NULL : v);
      else if (r < 703)
        affq_values_clear(&a);
      else if (r < 750 && a.n) {
        LLVMValueRef last = a.v[a.n - 1];
        if (affq_values_pop(&a) != last && wrong++ < 5)
          printf("round %d op %d: pop gave another value\n", round, op);
      }
      if (a.n > largest)
        largest = a.n;
      LLVMValueRef q = fake(next() % (pool + 8)); /* sometimes never pushed */
      int got = affq_values_has(&a, q), want = linear_has(&a, q);
      checked++;
      indexed += a.index != NULL;
      if (got != want && wrong++ < 5)
        printf("round %d op %d: has(%p) = %d, the list says %d\n", round, op, (void *)q, got, want);
    }
    affq_values_free(&a);
    if (a.v || a.index || a.n)
      printf("round %d: free left memory behind\n", round), wrong++;
  }
  printf("checked %ld answers, %ld from the index, largest list %zu: %ld wrong\n", checked, indexed,
         largest, wrong);
  return wrong != 0;
}
