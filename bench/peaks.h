/* peaks.h - the arithmetic peaks of peaks.c (x86 only). */
#ifndef AFFQ_BENCH_PEAKS_H
#define AFFQ_BENCH_PEAKS_H

#include <stdint.h>

/* iterations x affq_peak_chains x lanes multiply-adds (float: one mul and
 * one add; int8: 4 byte products per 32-bit lane) */
extern const int affq_peak_chains;
float affq_peak_muladd_sse41(long iterations);  /* 4 lanes */
float affq_peak_muladd_avx2(long iterations);   /* 8 lanes */
float affq_peak_muladd_avx512(long iterations); /* 16 lanes */
int32_t affq_peak_int8_sse41(long iterations);  /* 4 lanes: maddubs */
int32_t affq_peak_int8_avx2(long iterations);   /* 8 lanes: maddubs */
int32_t affq_peak_int8_avxvnni(long iterations); /* 8 lanes: vpdpbusd ymm */
int32_t affq_peak_int8_avx512(long iterations);  /* 16 lanes: maddubs */
int32_t affq_peak_int8_avx512vnni(long iterations); /* 16 lanes: vpdpbusd zmm */

#endif
