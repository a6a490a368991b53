; The loop stage alone: acc += alpha * w[j] * x[j].  alpha is the same on
; every iteration, so it comes out of the sum: init + kernel(w, x) * alpha.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='function(affq-loops),verify' -pass-remarks=affq -S %s 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

@W = internal global [64 x i8] zeroinitializer, align 16

; CHECK-LABEL: define float @dot(
; CHECK:       call void @affq_loop_product(i32 0, ptr @W, ptr @affq.qparams, i32 0, i64 1, i64 64, ptr %x, i64 1, ptr [[BUF:%.*]], i32 0)
; CHECK:       [[D:%.*]] = load float, ptr [[BUF]]
; CHECK-NEXT:  [[S:%.*]] = fmul float [[D]], %alpha
; CHECK-NEXT:  [[R:%.*]] = fadd float %init, [[S]]
; CHECK-NOT:   load i8
; CHECK:       ret float [[R]]
; REMARK: remark: dot.c:4:0: marked loop: dot product runs on the int8 kernel
define float @dot(ptr noalias %x, float %alpha, float %init) {
entry:
  br label %loop

loop:
  %j = phi i64 [ 0, %entry ], [ %j.next, %loop ]
  %acc = phi float [ %init, %entry ], [ %acc.next, %loop ]
  %cp = getelementptr inbounds [64 x i8], ptr @W, i64 0, i64 %j
  %c = load i8, ptr %cp, align 1
  %c32 = sext i8 %c to i32
  %dz = add nsw i32 %c32, 1
  %df = sitofp i32 %dz to float
  %w = fmul float %df, 0x3F80101020000000, !affq.dq !0
  %aw = fmul float %alpha, %w
  %xp = getelementptr inbounds float, ptr %x, i64 %j
  %xv = load float, ptr %xp, align 4
  %t = fmul float %aw, %xv
  %acc.next = fadd float %acc, %t
  %j.next = add nuw nsw i64 %j, 1
  %done = icmp eq i64 %j.next, 64
  br i1 %done, label %exit, label %loop, !llvm.loop !1

exit:
  %sum = phi float [ %acc.next, %loop ]
  ret float %sum
}

!0 = !{i32 0, i64 0, float 0x3F80101020000000, i32 -1, i32 -128, i32 127, null, null}
!1 = distinct !{!1, !2, !3}
!2 = !{!"affq.loop", !"", !"dot.c", i32 4, i1 true}
!3 = !{!"llvm.loop.unroll.disable"}
