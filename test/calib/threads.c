// Threads store into one profiled array at the same time; the profile is the
// sum of their contributions: every count, NaN and Inf, both extremes, and a
// histogram that adds up (the reader checks that).
// RUN: rm -rf %t && mkdir %t
// RUN: env AFFQ_PROFILE_GENERATE=1 %clang -O2 -pthread -fpass-plugin=%affq_plugin %s %affq_rt -o %t/gen
// RUN: env AFFQ_PROFILE_FILE=%t/p.affqprof %t/gen
// RUN: %affq-profdata show %t/p.affqprof | FileCheck %s
// 8 x 500000 values, plus one NaN and one Inf from each thread:
// CHECK: act threads.c:[[#]] 4096 4000016 8 8 -100 107 [-100, 107]
#include "affq.h"

#include <math.h>
#include <pthread.h>

#define THREADS 8
#define ROUNDS 500000

AFFQ float act[4096];

static void *work(void *arg) {
  int t = (int)(long)arg;
  volatile float scale = 1.0f; /* a store per value, not one bulk record */
  for (int i = 0; i < ROUNDS; i++) {
    int k = (i * 7 + t * 512) & 4095;
    act[k] = scale * (float)(i == 7 ? 100 + t : (i % 201) - 100); /* -100..100, and 100 + t once */
  }
  act[t] = NAN;
  act[t + 8] = t % 2 ? INFINITY : -INFINITY;
  return 0;
}

int main(void) {
  pthread_t th[THREADS];
  for (long t = 0; t < THREADS; t++)
    pthread_create(&th[t], 0, work, (void *)t);
  for (int t = 0; t < THREADS; t++)
    pthread_join(th[t], 0);
  return 0;
}
