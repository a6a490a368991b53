; Every GEP shape into the array is retyped from float to i8 elements in
; place, and pointer values (phi, select, a pointer variable, compares) need
; no change; each float access becomes an i8 access.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq,verify' -S %s | FileCheck %s

@M = internal global [2 x [3 x float]] zeroinitializer, align 16
@.str = private unnamed_addr constant [5 x i8] c"affq\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"m.c\00", section "llvm.metadata"
@.args = private unnamed_addr constant { double, double } { double -4.0, double 4.0 }, section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @M, ptr @.str, ptr @.file, i32 1, ptr @.args }], section "llvm.metadata"

; CHECK: @M = internal global [6 x i8]

; Nested constant-expression GEPs become instructions with i8 element types.
; CHECK-LABEL: define float @const_index(
; CHECK-NEXT:    [[ROW:%.*]] = getelementptr inbounds [2 x [3 x i8]], ptr @M, i64 0, i64 1
; CHECK-NEXT:    [[P:%.*]] = getelementptr inbounds [3 x i8], ptr [[ROW]], i64 0, i64 2
; CHECK-NEXT:    load i8, ptr [[P]], align 1
define float @const_index() {
  %x = load float, ptr getelementptr inbounds ([3 x float], ptr getelementptr inbounds ([2 x [3 x float]], ptr @M, i64 0, i64 1), i64 0, i64 2), align 4
  ret float %x
}

; CHECK-LABEL: define float @two_d(
; CHECK-NEXT:    [[P:%.*]] = getelementptr inbounds [2 x [3 x i8]], ptr @M, i64 0, i64 %r, i64 %c
; CHECK-NEXT:    load i8, ptr [[P]], align 1
define float @two_d(i64 %r, i64 %c) {
  %p = getelementptr inbounds [2 x [3 x float]], ptr @M, i64 0, i64 %r, i64 %c
  %x = load float, ptr %p, align 4
  ret float %x
}

; A byte offset of whole floats (8 bytes = 2 floats) becomes 2 codes.
; CHECK-LABEL: define float @byte_offset(
; CHECK-NEXT:    [[P:%.*]] = getelementptr inbounds i8, ptr @M, i64 2
; CHECK-NEXT:    load i8, ptr [[P]], align 1
define float @byte_offset() {
  %p = getelementptr inbounds i8, ptr @M, i64 8
  %x = load float, ptr %p, align 4
  ret float %x
}

; A pointer walking the array in a loop (phi), a select between two
; pointers into it, and a compare against its end.
; CHECK-LABEL: define void @walk(
; CHECK:         [[P:%.*]] = phi ptr [ @M, %entry ], [ [[NEXT:%.*]], %loop ]
; CHECK:         store i8 {{.*}}, ptr [[P]], align 1
; CHECK:         [[NEXT]] = getelementptr inbounds i8, ptr [[P]], i64 1
; CHECK:         [[END:%.*]] = getelementptr inbounds [2 x [3 x i8]], ptr @M, i64 1
; CHECK:         icmp eq ptr [[NEXT]], [[END]]
; CHECK:         [[S:%.*]] = select i1 %c, ptr @M, ptr [[END2:%.*]]
; CHECK:         store i8 {{.*}}, ptr [[S]], align 1
define void @walk(float %x, i1 %c) {
entry:
  br label %loop
loop:
  %p = phi ptr [ @M, %entry ], [ %next, %loop ]
  store float %x, ptr %p, align 4
  %next = getelementptr inbounds float, ptr %p, i64 1
  %end = getelementptr inbounds [2 x [3 x float]], ptr @M, i64 1
  %done = icmp eq ptr %next, %end
  br i1 %done, label %exit, label %loop
exit:
  %last = getelementptr inbounds float, ptr @M, i64 5
  %s = select i1 %c, ptr @M, ptr %last
  store float %x, ptr %s, align 4
  ret void
}

; A pointer variable (an alloca only ever holding pointers into the array).
; CHECK-LABEL: define float @via_variable(
; CHECK:         [[Q:%.*]] = getelementptr inbounds i8, ptr @M, i64 3
; CHECK:         store ptr [[Q]], ptr %slot
; CHECK:         [[L:%.*]] = load ptr, ptr %slot
; CHECK:         load i8, ptr [[L]], align 1
define float @via_variable() {
  %slot = alloca ptr, align 8
  %q = getelementptr inbounds float, ptr @M, i64 3
  store ptr %q, ptr %slot, align 8
  %l = load ptr, ptr %slot, align 8
  %x = load float, ptr %l, align 4
  ret float %x
}
