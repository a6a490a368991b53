/* kernels_neon.c - the AArch64 NEON path: the vector template, with its
 * generic integer dot; kernels_neondot.c has the sdot one. */
#define AFFQ_ISA neon
#define AFFQ_ISA_NAME "neon"
#include "kernels_vec.inc"
