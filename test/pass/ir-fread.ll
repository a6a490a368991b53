; fread into a quantized array becomes affq_fread on the codes, with the
; array's parameters, fread's size, count and stream, no size limit
; (all ones) and no check counters; its result is fread's.  The fortified
; __fread_chk passes its buffer size through, as the float view's bytes.
; W = AFFQ_RANGE(-1, 1): s = 2/255, z = -1.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq,verify' -S %s | FileCheck %s

@W = internal global [64 x float] zeroinitializer, align 16
@.str = private unnamed_addr constant [5 x i8] c"affq\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"w.c\00", section "llvm.metadata"
@.args = private unnamed_addr constant { double, double } { double -1.0, double 1.0 }, section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @W, ptr @.str, ptr @.file, i32 1, ptr @.args }], section "llvm.metadata"

; CHECK: @W = internal global [64 x i8]

; CHECK-LABEL: define i64 @load(
; CHECK-NEXT:    [[P:%.*]] = getelementptr inbounds [64 x i8], ptr @W, i64 0, i64 %i
; CHECK-NEXT:    [[N:%.*]] = call i64 @affq_fread(ptr [[P]], ptr @affq.qparams, i64 4, i64 %n, ptr %f, i64 -1, ptr null)
; CHECK-NEXT:    ret i64 [[N]]
define i64 @load(i64 %i, i64 %n, ptr %f) {
  %p = getelementptr inbounds [64 x float], ptr @W, i64 0, i64 %i
  %r = call i64 @fread(ptr %p, i64 4, i64 %n, ptr %f)
  ret i64 %r
}

; CHECK-LABEL: define i64 @load_chk(
; CHECK-NEXT:    [[N:%.*]] = call i64 @affq_fread(ptr @W, ptr @affq.qparams, i64 1, i64 %n, ptr %f, i64 256, ptr null)
; CHECK-NEXT:    ret i64 [[N]]
define i64 @load_chk(i64 %n, ptr %f) {
  %r = call i64 @__fread_chk(ptr @W, i64 256, i64 1, i64 %n, ptr %f)
  ret i64 %r
}

declare i64 @fread(ptr, i64, i64, ptr)
declare i64 @__fread_chk(ptr, i64, i64, i64, ptr)
