// Options reach the IR: the clamp bounds and zero point of uint4 affine,
// int4 symmetric (z = 0: no subtraction on loads), and per-row tables with
// the row computed from the pointer.
// RUN: %clang -O0 -fpass-plugin=%affq_plugin -S -emit-llvm %s -o - | FileCheck %s
#include "affq.h"

AFFQ_RANGE_OPTS(0.0f, 15.0f, "bits=4,unsigned") static float u4[8];
AFFQ_OPTS("bits=4,symmetric") static const float s4[4] = {-1, 0.5f, 0.25f, 1};
AFFQ_OPTS("per_row") static const float pr[2][3] = {{1, 2, 3}, {-10, 0, 10}};

// CHECK-DAG: @u4 = internal global [8 x i8] zeroinitializer
// CHECK-DAG: @s4 = internal constant [4 x i8]
// CHECK-DAG: @affq.scales = private unnamed_addr constant [2 x float]
// CHECK-DAG: @affq.zero_points = private unnamed_addr constant [2 x i32] [i32 -128, i32 -1]

// CHECK-LABEL: define {{.*}} @put(
// uint4 [0, 15], s = 1, z = 0: codes clamp to [0, 15], stored zero-extended
// CHECK:       fcmp ole float %{{.*}}, 0.000000e+00
// CHECK:       fcmp oge float %{{.*}}, 1.500000e+01
void put(int i, float x) { u4[i] = x; }

// CHECK-LABEL: define {{.*}} @get_s4(
// CHECK:       [[C:%.*]] = load i8
// CHECK-NEXT:  [[W:%.*]] = sext i8 [[C]] to i32
// CHECK-NEXT:  [[F:%.*]] = sitofp i32 [[W]] to float
// CHECK-NEXT:  fmul float [[F]]
float get_s4(int i) { return s4[i]; }

// CHECK-LABEL: define {{.*}} @get_pr(
// CHECK:       [[ROW:%.*]] = udiv i64 %{{.*}}, 3
// CHECK:       getelementptr inbounds [2 x float], ptr @affq.scales, i64 0, i64 [[ROW]]
// CHECK:       getelementptr inbounds [2 x i32], ptr @affq.zero_points, i64 0, i64 [[ROW]]
float get_pr(int r, int c) { return pr[r][c]; }
