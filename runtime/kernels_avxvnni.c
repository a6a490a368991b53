/* kernels_avxvnni.c - the integer dot with AVX-VNNI's 256-bit vpdpbusd
 * (compiled with -mavx2 -mavxvnni).  The rest of the avx2vnni path is the
 * avx2 path. */
#include "kernels.h"

#include <immintrin.h>

#include "x86_hsum.h"

/* Sum of the four accumulators' int32 lanes, modulo 2^32. */
static inline uint32_t lanes_sum(const __m256i v[4]) {
  return affq_hsum_epi32_256(
      _mm256_add_epi32(_mm256_add_epi32(v[0], v[1]), _mm256_add_epi32(v[2], v[3])));
}

#define VEC __m256i
#define BYTES 32
#define SET1 _mm256_set1_epi8
#define ZERO _mm256_setzero_si256
#define XOR _mm256_xor_si256
#define DPBUSD _mm256_dpbusd_avx_epi32
#define LOAD(p) _mm256_loadu_si256((const __m256i *)(p))
#define SUMS sums_avxvnni
#define DOT dot_avxvnni
#include "dot_vnni.inc"

AFFQ_DEFINE_Q8Q8_DOT(affq_q8_q8_dot__avxvnni_u32, dot_avxvnni)
