/* For header-key.test: includes table.h too, under another name. */
#include "table.h"

float beta(float k);
float beta(float k) {
  table_fill(k);
  return table[5] + table_local(k);
}
