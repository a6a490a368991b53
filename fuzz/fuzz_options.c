/*
 * fuzz_options.c - libFuzzer harness for the annotation / pass option parser
 * (lib/options.c): any text must parse or be rejected with a message, never
 * crash; what parses must print (affq_options_format) as text that parses
 * back to the same options.
 */
#include "affq_pass.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1), err[256], printed[1024];
  memcpy(text, data, size);
  text[size] = 0;
  affq_options o, back;
  affq_options_init(&o);
  if (affq_options_parse(&o, text, err, sizeof err) == 0) {
    affq_options_format(&o, printed, sizeof printed);
    affq_options_init(&back);
    if (affq_options_parse(&back, printed, err, sizeof err) || memcmp(&o, &back, sizeof o))
      abort(); /* the printed form does not round-trip */
  } else if (!err[0]) {
    abort(); /* a rejection must say why */
  }
  free(text);
  return 0;
}
