/* A table one file defines and quantizes, another reads and writes. */
#include "affq.h"
extern float W[40];
AFFQ_EXTERN(W);
extern double D[12];
AFFQ_EXTERN(D);
void define_fill(void);
float define_get(int i);
double define_get_d(int i);
