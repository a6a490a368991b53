// A zero-initialized writable array whose zero point is not 0 keeps taking
// no room in the object file: its codes start as zeros (.bss), and a
// constructor that runs before any other fills in z, so it reads 0.0 from
// the start, in user constructors too.  Constants and thread-locals keep
// their codes as data.
// RUN: %clang -O2 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR
// RUN: %clang -O2 -fpass-plugin=%affq_plugin %s %affq_rt -o %t && %t | FileCheck %s
#include "affq.h"
#include <stdio.h>

AFFQ_RANGE(-1.0f, 3.0f) float big[1 << 20]; /* z = -64 */
// IR-DAG: @big.affq.codes.i8 = {{.*}}global [1048576 x i8] zeroinitializer
AFFQ_RANGE(-1.0f, 3.0f) _Thread_local float per_thread[16];
// IR-DAG: @per_thread = internal thread_local {{.*}}global [16 x i8] c"\C0\C0
// IR-DAG: @llvm.global_ctors = appending global [2 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 101, ptr @early, ptr null }, { i32, ptr, ptr } { i32 0, ptr @affq.set_zero_points, ptr null }]
// IR-DAG: define internal void @affq.set_zero_points()
// IR-DAG: call void @llvm.memset.p0.i64(ptr {{.*}}@big.affq.codes.i8, i8 -64, i64 1048576, i1 false)

static float seen_early;
__attribute__((constructor(101))) static void early(void) { seen_early = big[12345]; }

int main(void) {
  printf("early %g, big %g %g, per_thread %g\n", seen_early, big[0], big[(1 << 20) - 1],
         per_thread[3]);
  big[7] = per_thread[5] = 2.5f;
  printf("written %g %g\n", big[7], per_thread[5]);
  return 0;
}
// CHECK: early 0, big 0 0, per_thread 0
// CHECK: written 2.49412 2.49412
