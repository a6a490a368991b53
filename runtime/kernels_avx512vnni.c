/* kernels_avx512vnni.c - the integer dot with AVX512-VNNI's vpdpbusd
 * (compiled with -mavx512f -mavx512bw -mavx512vnni).  The rest of the
 * avx512vnni path is the avx512 path. */
#include "kernels.h"

#include <immintrin.h>

/* Sum of the four accumulators' int32 lanes, modulo 2^32 (LLVM's vector
 * add reduction wraps). */
static inline uint32_t lanes_sum(const __m512i v[4]) {
  return (uint32_t)_mm512_reduce_add_epi32(
      _mm512_add_epi32(_mm512_add_epi32(v[0], v[1]), _mm512_add_epi32(v[2], v[3])));
}

#define VEC __m512i
#define BYTES 64
#define SET1 _mm512_set1_epi8
#define ZERO _mm512_setzero_si512
#define XOR _mm512_xor_si512
#define DPBUSD _mm512_dpbusd_epi32
#define LOAD(p) _mm512_loadu_si512(p)
#define SUMS sums_avx512vnni
#define DOT dot_avx512vnni
#include "dot_vnni.inc"

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__avx512vnni_u64, dot_avx512vnni)
