// Bulk copies: memcpy from a float buffer calls affq_quantize, to a float
// buffer affq_dequantize, between arrays with different parameters
// affq_requantize, all with the array's parameters as a constant; memset to
// 0 sets the codes to z; a copy within one array copies codes.  The count is
// the byte count / 4.  A byte count known only at run time goes to
// affq_copy_bytes, which copies a trailing partial float exactly.
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - | FileCheck %s
#include "affq.h"

#include <string.h>

AFFQ_RANGE(-1.0f, 1.0f) static float a[16];
AFFQ_RANGE(0.0f, 4.0f) static float b[16];

// CHECK-DAG: @affq.qparams{{.*}} = private unnamed_addr constant { float, i32, i32, i32 } { float 0x3F80101020000000, i32 -1, i32 -128, i32 127 }

// CHECK-LABEL: define {{.*}} @in(
// CHECK:       [[N:%.*]] = load i64, ptr
// CHECK:       call void @affq_copy_bytes(ptr @a, ptr @affq.qparams{{.*}}, ptr %{{.*}}, ptr null, i64 [[N]])
void in(const float *src, size_t bytes) { memcpy(a, src, bytes); }

// CHECK-LABEL: define {{.*}} @in8(
// CHECK:       call i32 @affq_quantize(ptr %{{.*}}, ptr @a, i64 8, ptr @affq.qparams
void in8(const float *src) { memcpy(a, src, 8 * sizeof(float)); }

// CHECK-LABEL: define {{.*}} @out(
// CHECK:       call i32 @affq_dequantize(ptr @a, ptr %{{.*}}, i64 16, ptr @affq.qparams
void out(float *dst) { memcpy(dst, a, sizeof a); }

// CHECK-LABEL: define {{.*}} @across(
// CHECK:       call i32 @affq_requantize(ptr @a, ptr @affq.qparams{{.*}}, ptr @b, ptr @affq.qparams{{.*}}, i64 16)
void across(void) { memcpy(b, a, sizeof b); }

// CHECK-LABEL: define {{.*}} @clear(
// CHECK:       call void @llvm.memset.p0.i64(ptr align 1 @a, i8 -1, i64 16, i1 false)
void clear(void) { memset(a, 0, sizeof a); }

// CHECK-LABEL: define {{.*}} @shift(
// CHECK:       [[DST:%.*]] = getelementptr inbounds i8, ptr @a, i64 1
// CHECK-NEXT:  call void @llvm.memmove.p0.p0.i64(ptr align 1 [[DST]], ptr align 1 @a, i64 15, i1 false)
void shift(void) { memmove(a + 1, a, 15 * sizeof(float)); }
