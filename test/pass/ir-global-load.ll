; A constant global float array becomes [N x i8] codes quantized at compile
; time (the float initializer is gone); a load through a variable-index GEP
; becomes an i8 load and the inline dequantization (q - z) * s.
; W = {1, -2, 0.5, 3}: s = 5/255, z = -26.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq,verify' -S %s | FileCheck %s

@W = internal constant [4 x float] [float 1.0, float -2.0, float 0.5, float 3.0], align 16
@.str = private unnamed_addr constant [5 x i8] c"affq\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"w.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @W, ptr @.str, ptr @.file, i32 1, ptr null }], section "llvm.metadata"

; CHECK: @W = internal constant [4 x i8] c"\19\80\00\7F", align 16
; CHECK-NOT: float 1.0
; CHECK-NOT: @llvm.global.annotations

; CHECK-LABEL: define float @get(
; CHECK-NEXT:    [[P:%.*]] = getelementptr inbounds [4 x i8], ptr @W, i64 0, i64 %i
; CHECK-NEXT:    [[C:%.*]] = load i8, ptr [[P]], align 1
; CHECK-NEXT:    [[W:%.*]] = sext i8 [[C]] to i32
; CHECK-NEXT:    [[D:%.*]] = sub i32 [[W]], -26
; CHECK-NEXT:    [[F:%.*]] = sitofp i32 [[D]] to float
; CHECK-NEXT:    [[X:%.*]] = fmul float [[F]], 0x3F94141420000000
; CHECK-NEXT:    ret float [[X]]
define float @get(i64 %i) {
  %p = getelementptr inbounds [4 x float], ptr @W, i64 0, i64 %i
  %x = load float, ptr %p, align 4
  ret float %x
}
