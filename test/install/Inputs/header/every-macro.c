/* For header-no-affq.test: every macro affq.h defines, used as README and
 * affq.h show, in a program that must build with strict warnings as C and
 * C++ with gcc and clang, without the plugin and without the runtime, and
 * compute in float.  It prints "ok" and the source of its macros: affq.h,
 * or the fallback of the __has_include pattern (-DFALLBACK_PATTERN: the
 * pattern exactly as README.md gives it, in pattern.h). */
#ifdef FALLBACK_PATTERN
#include "pattern.h" /* the test takes it from README.md */
#else
#include <affq.h>
#endif

#include <stdio.h>

AFFQ static const float W[4] = {1.0f, -0.5f, 0.25f, 2.0f};
AFFQ_RANGE(-1.0f, 1.0f) static float act[4];
AFFQ_OPTS("bits=4,symmetric") static const float K[2][2] = {{1.0f, 2.0f}, {-1.0f, 0.5f}};
AFFQ_RANGE_OPTS(0.0f, 6.0f, "unsigned") static float relu[4];
extern float shared[2]; /* as a header declares an array another file defines */
AFFQ_EXTERN(shared);
float shared[2] = {0.5f, 1.5f};

AFFQ_KERNEL static float dot(const float *a, const float *b, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

AFFQ_KERNEL_OPTS("dynamic") static float row_sums(void) {
  float s = 0.0f;
  for (int r = 0; r < 2; r++)
    for (int c = 0; c < 2; c++)
      s += K[r][c];
  return s;
}

static float marked(void) {
  AFFQ_RANGE(-4.0f, 4.0f) float local[4];
  float s = 0.0f;
  int i = 0;
  AFFQ_LOOP
  for (i = 0; i < 4; i++)
    act[i] = 0.5f * (float)i - 1.0f;
  AFFQ_LOOP_OPTS("dynamic")
  for (i = 0; i < 4; i++)
    s += W[i] * act[i];
  AFFQ_LOOP
  while (i-- > 0)
    local[i] = relu[i] = (float)i;
  i = 0;
  AFFQ_LOOP
  do
    s += local[i];
  while (++i < 4);
  return s;
}

int main(void) {
  /* float results, exact in binary: nothing was quantized */
  float m = marked(), d = dot(W, relu, 4), r = row_sums();
  int ok = m == 6.25f && d == 6.0f && r == 2.5f && shared[0] + shared[1] == 2.0f;
#ifdef AFFQ_VERSION_MAJOR
  const char *from = "affq.h";
#else
  const char *from = "fallback";
#endif
  printf("%s %s\n", ok ? "ok" : "WRONG", from);
  return !ok;
}
