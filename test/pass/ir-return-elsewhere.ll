; A static function that returns a pointer into the array on one path and
; other memory on another (two returns, no phi: optimized IR has this
; shape) keeps the array float: its callers could not tell codes from
; floats.  The same function returning only the array, or null, is
; followed into its caller.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq' -pass-remarks-missed=affq -pass-remarks=affq -disable-output %s 2>&1 | FileCheck %s

@W = internal global [16 x float] zeroinitializer, align 16
@V = internal global [16 x float] zeroinitializer, align 16
@other = internal global [16 x float] zeroinitializer, align 16
@.str = private unnamed_addr constant [5 x i8] c"affq\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"w.c\00", section "llvm.metadata"
@.args = private unnamed_addr constant { double, double } { double -1.0, double 1.0 }, section "llvm.metadata"
@llvm.global.annotations = appending global [2 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @W, ptr @.str, ptr @.file, i32 1, ptr @.args }, { ptr, ptr, ptr, i32, ptr } { ptr @V, ptr @.str, ptr @.file, i32 2, ptr @.args }], section "llvm.metadata"

; CHECK-DAG: 'W' stays float: a function returns a pointer into it or elsewhere (in 'either')
; CHECK-DAG: quantized 'V'

define internal ptr @either(i1 %c) {
  br i1 %c, label %a, label %b
a:
  ret ptr @W
b:
  ret ptr @other
}

define internal ptr @only(i1 %c) {
  br i1 %c, label %a, label %b
a:
  ret ptr @V
b:
  ret ptr null
}

define float @use(i1 %c, i64 %i) {
  %p = call ptr @either(i1 %c)
  %q = getelementptr inbounds float, ptr %p, i64 %i
  %x = load float, ptr %q, align 4
  %r = call ptr @only(i1 %c)
  %s = getelementptr inbounds float, ptr %r, i64 %i
  %y = load float, ptr %s, align 4
  %z = fadd float %x, %y
  ret float %z
}
