/* bench_loops.h - what the two builds of each benchmark source share. */
#ifndef BENCH_LOOPS_H
#define BENCH_LOOPS_H

#define GEMV_N 4096
#define MLP_IN 784
#define MLP_HIDDEN 1024
#define MLP_OUT 10
#define MLP_BATCH 32
#define DOT_N (1 << 24)
#define GEMM_M 64
#define GEMM_K 1024
#define GEMM_N 1024
#define FIR_TAPS 18
#define FIR_OUT (1 << 20)

/* f_affq or f_float: one symbol per build of the same source */
#define NAME2(f, v) f##_##v
#define NAME1(f, v) NAME2(f, v)
#define NAME(f) NAME1(f, VARIANT)

/* uniform in [-1, 1), from a 32-bit LCG: the same numbers in both builds */
static inline float bench_uniform(unsigned *s) {
  *s = *s * 1664525u + 1013904223u;
  return (float)(int)(*s >> 8) / 8388608.0f - 1.0f;
}

#define DECLARE(v)                                                                                 \
  void gemv_fill_##v(unsigned seed);                                                               \
  void gemv_##v(const float *restrict x, float *restrict y);                                       \
  void gemv_dynamic_##v(const float *restrict x, float *restrict y);                               \
  void mlp_fill_##v(unsigned seed);                                                                \
  void mlp_forward1_##v(const float (*restrict x)[MLP_IN], float (*restrict out)[MLP_OUT]);       \
  void mlp_forward32_##v(const float (*restrict x)[MLP_IN], float (*restrict out)[MLP_OUT]);      \
  void dot_fill_##v(unsigned seed);                                                                \
  void dot_qq_##v(float *out);                                                                     \
  void shapes_fill_##v(unsigned seed);                                                             \
  void gemv_runtime_dims_##v(const float *restrict x, float *restrict y);                          \
  void gemv_vla_##v(const float *restrict x, float *restrict y);                                   \
  void gemv_alpha_##v(const float *restrict x, float *restrict y);                                 \
  void gemv_in_memory_##v(const float *restrict x, float *restrict y);                             \
  void gemv_may_alias_##v(const float *restrict x, float *restrict y);                             \
  void gemm_ikj_##v(const float (*restrict a)[GEMM_K], float (*restrict c)[GEMM_N]);               \
  void fir_##v(const float *restrict in, float *restrict out);

#endif
