; An array with a range written at run time: its zero initializer stays
; zero (.bss), and a constructor that runs first sets the codes of 0.0 (z);
; a store becomes the inline quantization
; clamp(roundeven(x / s) + z) with NaN -> z, then an i8 store.
; Range [-1, 1]: s = 2/255, z = -1.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq,verify' -S %s | FileCheck %s

@act = internal global [4 x float] zeroinitializer, align 16
@.str = private unnamed_addr constant [5 x i8] c"affq\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"a.c\00", section "llvm.metadata"
@.args = private unnamed_addr constant { double, double } { double -1.0, double 1.0 }, section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @act, ptr @.str, ptr @.file, i32 1, ptr @.args }], section "llvm.metadata"

; CHECK: @act = internal global [4 x i8] zeroinitializer, align 16
; CHECK-NEXT: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 0, ptr @affq.set_zero_points, ptr null }]

; CHECK-LABEL: define void @put(
; CHECK-NEXT:    [[P:%.*]] = getelementptr inbounds [4 x i8], ptr @act, i64 0, i64 %i
; CHECK-NEXT:    [[T:%.*]] = fdiv float %x, 0x3F80101020000000
; CHECK-NEXT:    [[R:%.*]] = call float @llvm.roundeven.f32(float [[T]])
; CHECK-NEXT:    [[A:%.*]] = fadd float [[R]], -1.000000e+00
; CHECK-NEXT:    [[NAN:%.*]] = fcmp uno float [[A]], [[A]]
; CHECK-NEXT:    [[LO:%.*]] = fcmp ole float [[A]], -1.280000e+02
; CHECK-NEXT:    [[HI:%.*]] = fcmp oge float [[A]], 1.270000e+02
; CHECK-NEXT:    [[S1:%.*]] = select i1 [[LO]], float -1.280000e+02, float [[A]]
; CHECK-NEXT:    [[S2:%.*]] = select i1 [[HI]], float 1.270000e+02, float [[S1]]
; CHECK-NEXT:    [[S3:%.*]] = select i1 [[NAN]], float -1.000000e+00, float [[S2]]
; CHECK-NEXT:    [[I:%.*]] = fptosi float [[S3]] to i32
; CHECK-NEXT:    [[Q:%.*]] = trunc i32 [[I]] to i8
; CHECK-NEXT:    store i8 [[Q]], ptr [[P]], align 1
; CHECK-NEXT:    ret void
define void @put(i64 %i, float %x) {
  %p = getelementptr inbounds [4 x float], ptr @act, i64 0, i64 %i
  store float %x, ptr %p, align 4
  ret void
}

; CHECK-LABEL: define internal void @affq.set_zero_points()
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr align 1 @act, i8 -1, i64 4, i1 false)
; CHECK-NEXT:    ret void
