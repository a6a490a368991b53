; A local array: the float alloca becomes an i8 alloca, its lifetime markers
; take the size in codes, the annotation call goes, and the initializer
; memcpy from a float constant becomes a memcpy of codes quantized at compile
; time; the float constant, now unused, goes too.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq,verify' -S %s | FileCheck %s

@.str = private unnamed_addr constant [5 x i8] c"affq\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"l.c\00", section "llvm.metadata"
@__const.f.a = private unnamed_addr constant [4 x float] [float 1.0, float 2.0, float 3.0, float 4.0], align 16

; CHECK-NOT: @__const.f.a
; {1, 2, 3, 4}: s = 4/255, z = -128; in float32 2/s = 127.49999, so the codes
; are -64, -1, 63, 127 (computed with numpy)
; CHECK: @affq.init = private unnamed_addr constant [4 x i8] c"\C0\FF?\7F"

; CHECK-LABEL: define float @f(
; CHECK-NEXT:    [[A:%.*]] = alloca [4 x i8], align 16
; (LLVM 22's lifetime markers take no size)
; CHECK-NEXT:    call void @llvm.lifetime.start.p0({{(i64 4, )?}}ptr [[A]])
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr align 1 [[A]], ptr align 1 @affq.init, i64 4, i1 false)
; CHECK-NEXT:    [[P:%.*]] = getelementptr inbounds [4 x i8], ptr [[A]], i64 0, i64 %i
; CHECK-NEXT:    load i8, ptr [[P]], align 1
; CHECK:         call void @llvm.lifetime.end.p0({{(i64 4, )?}}ptr [[A]])
define float @f(i64 %i) {
  %a = alloca [4 x float], align 16
  call void @llvm.lifetime.start.p0(i64 16, ptr %a)
  call void @llvm.var.annotation.p0.p0(ptr %a, ptr @.str, ptr @.file, i32 3, ptr null)
  call void @llvm.memcpy.p0.p0.i64(ptr align 16 %a, ptr align 16 @__const.f.a, i64 16, i1 false)
  %p = getelementptr inbounds [4 x float], ptr %a, i64 0, i64 %i
  %x = load float, ptr %p, align 4
  call void @llvm.lifetime.end.p0(i64 16, ptr %a)
  ret float %x
}

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
declare void @llvm.var.annotation.p0.p0(ptr, ptr, ptr, i32, ptr)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
