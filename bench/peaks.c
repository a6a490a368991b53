/*
 * peaks.c - each x86 path's arithmetic peak, measured on register data:
 * independent chains, so nothing but the execution units limits them.
 * affq_bench.c prints the kernels' rates as fractions of these.
 *   mul+add: acc = acc * m + a in float, one multiply and one add per
 *     lane, what the dot q8f32 spends per element (its lane arithmetic is
 *     defined without FMA, docs/loops.md);
 *   int8 multiply-adds: the fastest int8 product each path has, 4 byte
 *     products per 32-bit lane: vpmaddubsw, vpmaddwd by ones and vpaddd
 *     without VNNI; vpdpbusd with it (AVX-VNNI on ymm, AVX512-VNNI on zmm).
 * Each function runs `iterations` rounds of CHAINS independent chains and
 * returns a value made from the accumulators, so the loop stays.  The
 * target attributes let one file hold every path; a function runs only on
 * a CPU with its features (the caller asks affq_isa_supported first).
 */
#include <immintrin.h>
#include <stdint.h>

#include "peaks.h"

/* 10 chains of one register each, plus the constants: within the 16
 * vector registers of SSE and AVX2 with room for the temporaries. */
#define CHAINS 10
/* keep a constant from folding: "x" names an xmm or ymm register, "v" a zmm */
#define OPAQUE(c, v) __asm__ volatile("" : c(v))

#define MULADD_PEAK(name, tgt, reg, T, set1, mul, add, extract)                                    \
  __attribute__((target(tgt))) float name(long iterations) {                                  \
    T acc[CHAINS], m = set1(0.999f), a = set1(1e-3f);                                            \
    for (int k = 0; k < CHAINS; k++)                                                             \
      acc[k] = set1((float)k);                                                                   \
    for (long i = 0; i < iterations; i++) {                                                      \
      for (int k = 0; k < CHAINS; k++)                                                           \
        acc[k] = add(mul(acc[k], m), a);                                                         \
      OPAQUE(reg, m);                                                                               \
    }                                                                                            \
    T s = acc[0];                                                                                \
    for (int k = 1; k < CHAINS; k++)                                                             \
      s = add(s, acc[k]);                                                                        \
    return extract(s);                                                                           \
  }

static inline float first_ps128(__m128 v) { return _mm_cvtss_f32(v); }
__attribute__((target("avx"))) static inline float first_ps256(__m256 v) {
  return _mm256_cvtss_f32(v);
}
__attribute__((target("avx512f"))) static inline float first_ps512(__m512 v) {
  return _mm512_cvtss_f32(v);
}
MULADD_PEAK(affq_peak_muladd_sse41, "sse4.1", "+x", __m128, _mm_set1_ps, _mm_mul_ps, _mm_add_ps, first_ps128)
MULADD_PEAK(affq_peak_muladd_avx2, "avx2", "+x", __m256, _mm256_set1_ps, _mm256_mul_ps, _mm256_add_ps,
            first_ps256)
MULADD_PEAK(affq_peak_muladd_avx512, "avx512f", "+v", __m512, _mm512_set1_ps, _mm512_mul_ps,
            _mm512_add_ps, first_ps512)

#define INT8_PEAK(name, tgt, reg, T, set1_8, set1_16, zero, step, add, extract)                     \
  __attribute__((target(tgt))) int32_t name(long iterations) {                                \
    T acc[CHAINS], a = set1_8(3), b = set1_8(-2), ones = set1_16(1);                             \
    (void)ones;                                                                                  \
    for (int k = 0; k < CHAINS; k++)                                                             \
      acc[k] = zero();                                                                           \
    for (long i = 0; i < iterations; i++) {                                                      \
      for (int k = 0; k < CHAINS; k++)                                                           \
        acc[k] = step(acc[k], a, b, ones);                                                       \
      OPAQUE(reg, a);                                                                               \
    }                                                                                            \
    T s = acc[0];                                                                                \
    for (int k = 1; k < CHAINS; k++)                                                             \
      s = add(s, acc[k]);                                                                        \
    return extract(s);                                                                           \
  }

__attribute__((target("sse4.1"))) static inline __m128i maddubs_step128(__m128i acc, __m128i a,
                                                                        __m128i b, __m128i ones) {
  (void)a; /* the bytes of acc itself: the same a and b in every chain would be one product */
  return _mm_add_epi32(acc, _mm_madd_epi16(_mm_maddubs_epi16(acc, b), ones));
}
__attribute__((target("avx2"))) static inline __m256i maddubs_step256(__m256i acc, __m256i a,
                                                                      __m256i b, __m256i ones) {
  (void)a; /* the bytes of acc itself: the same a and b in every chain would be one product */
  return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(acc, b), ones));
}
__attribute__((target("avx512f,avx512bw"))) static inline __m512i
maddubs_step512(__m512i acc, __m512i a, __m512i b, __m512i ones) {
  (void)a; /* the bytes of acc itself: the same a and b in every chain would be one product */
  return _mm512_add_epi32(acc, _mm512_madd_epi16(_mm512_maddubs_epi16(acc, b), ones));
}
__attribute__((target("avx2,avxvnni"))) static inline __m256i dpbusd_step256(__m256i acc, __m256i a,
                                                                            __m256i b, __m256i ones) {
  (void)ones;
  return _mm256_dpbusd_avx_epi32(acc, a, b);
}
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static inline __m512i
dpbusd_step512(__m512i acc, __m512i a, __m512i b, __m512i ones) {
  (void)ones;
  return _mm512_dpbusd_epi32(acc, a, b);
}
__attribute__((target("sse4.1"))) static inline int32_t first_epi32_128(__m128i v) {
  return _mm_cvtsi128_si32(v);
}
__attribute__((target("avx2"))) static inline int32_t first_epi32_256(__m256i v) {
  return _mm_cvtsi128_si32(_mm256_castsi256_si128(v));
}
__attribute__((target("avx512f"))) static inline int32_t first_epi32_512(__m512i v) {
  return _mm_cvtsi128_si32(_mm512_castsi512_si128(v));
}
INT8_PEAK(affq_peak_int8_sse41, "sse4.1", "+x", __m128i, _mm_set1_epi8, _mm_set1_epi16, _mm_setzero_si128,
          maddubs_step128, _mm_add_epi32, first_epi32_128)
INT8_PEAK(affq_peak_int8_avx2, "avx2", "+x", __m256i, _mm256_set1_epi8, _mm256_set1_epi16,
          _mm256_setzero_si256, maddubs_step256, _mm256_add_epi32, first_epi32_256)
INT8_PEAK(affq_peak_int8_avxvnni, "avx2,avxvnni", "+x", __m256i, _mm256_set1_epi8, _mm256_set1_epi16,
          _mm256_setzero_si256, dpbusd_step256, _mm256_add_epi32, first_epi32_256)
INT8_PEAK(affq_peak_int8_avx512, "avx512f,avx512bw", "+v", __m512i, _mm512_set1_epi8, _mm512_set1_epi16,
          _mm512_setzero_si512, maddubs_step512, _mm512_add_epi32, first_epi32_512)
INT8_PEAK(affq_peak_int8_avx512vnni, "avx512f,avx512bw,avx512vnni", "+v", __m512i, _mm512_set1_epi8,
          _mm512_set1_epi16, _mm512_setzero_si512, dpbusd_step512, _mm512_add_epi32, first_epi32_512)

const int affq_peak_chains = CHAINS;
