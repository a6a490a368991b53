; A global double array becomes [N x i8] codes, one per double (issue 14).
; A load becomes an i8 load and (double)(q - z) * (double)s, in double; a
; store becomes clamp(roundeven(x / (double)s) + z) in double, then an i8
; store; a byte offset of 8k is k codes.  The constant initializer is
; quantized at compile time in double: D = {1, -2, 0.5, 3} gets the float
; parameters (s = 5/255 as a float, z = -26), and 0.5 / (double)s =
; 25.4999999 rounds to 25 (code -1), where float division gives exactly
; 25.5 and code 0 (ir-global-load.ll).
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq,verify' -S %s | FileCheck %s

@D = internal global [4 x double] [double 1.0, double -2.0, double 0.5, double 3.0], align 16
@.str = private unnamed_addr constant [5 x i8] c"affq\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"d.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @D, ptr @.str, ptr @.file, i32 1, ptr null }], section "llvm.metadata"

; CHECK: @D = internal global [4 x i8] c"\19\80\FF\7F", align 16
; CHECK-NOT: double 1.0

; CHECK-LABEL: define double @get(
; CHECK-NEXT:    [[P:%.*]] = getelementptr inbounds [4 x i8], ptr @D, i64 0, i64 %i
; CHECK-NEXT:    [[C:%.*]] = load i8, ptr [[P]], align 1
; CHECK-NEXT:    [[W:%.*]] = sext i8 [[C]] to i32
; CHECK-NEXT:    [[Z:%.*]] = sub i32 [[W]], -26
; CHECK-NEXT:    [[F:%.*]] = sitofp i32 [[Z]] to double
; CHECK-NEXT:    [[X:%.*]] = fmul double [[F]], 0x3F94141420000000
; CHECK-NEXT:    ret double [[X]]
define double @get(i64 %i) {
  %p = getelementptr inbounds [4 x double], ptr @D, i64 0, i64 %i
  %x = load double, ptr %p, align 8
  ret double %x
}

; CHECK-LABEL: define void @put(
; CHECK-NEXT:    [[AT:%.*]] = getelementptr inbounds i8, ptr @D, i64 2
; CHECK-NEXT:    [[Q:%.*]] = fdiv double %x, 0x3F94141420000000
; CHECK-NEXT:    [[R:%.*]] = call double @llvm.roundeven.f64(double [[Q]])
; CHECK-NEXT:    [[RZ:%.*]] = fadd double [[R]], -2.600000e+01
; CHECK:         fcmp ole double [[RZ]], -1.280000e+02
; CHECK:         fcmp oge double [[RZ]], 1.270000e+02
; CHECK:         [[I:%.*]] = fptosi double {{%.*}} to i32
; CHECK-NEXT:    [[B:%.*]] = trunc i32 [[I]] to i8
; CHECK-NEXT:    store i8 [[B]], ptr [[AT]], align 1
define void @put(double %x) {
  store double %x, ptr getelementptr inbounds (i8, ptr @D, i64 16), align 8
  ret void
}
