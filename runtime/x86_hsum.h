/* x86_hsum.h - sum of the int32 lanes of a vector, modulo 2^32, for the
 * x86 integer dots.  Include after <immintrin.h>, in a file compiled with
 * at least the ISA of the function used. */
#ifndef AFFQ_X86_HSUM_H
#define AFFQ_X86_HSUM_H

static inline uint32_t affq_hsum_epi32_128(__m128i v) {
  v = _mm_add_epi32(v, _mm_shuffle_epi32(v, 0x4e));
  v = _mm_add_epi32(v, _mm_shuffle_epi32(v, 0xb1));
  return (uint32_t)_mm_cvtsi128_si32(v);
}

#ifdef __AVX2__
static inline uint32_t affq_hsum_epi32_256(__m256i v) {
  return affq_hsum_epi32_128(_mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)));
}
#endif

#endif
