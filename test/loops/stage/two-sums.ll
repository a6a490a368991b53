; The loop stage alone: two sums in one loop, t += w[j] * x[j] and
; u += v[j] * x[j].  Each is a kernel call; with no sum left, the loop goes.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='function(affq-loops),verify' -pass-remarks=affq -S %s 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

@W = internal global [64 x i8] zeroinitializer, align 16
@V = internal global [64 x i8] zeroinitializer, align 16

; CHECK-LABEL: define float @two(
; CHECK:       call void @affq_loop_product(i32 0, ptr @W, ptr @affq.qparams, i32 0, i64 1, i64 64, ptr %x,
; CHECK:       call void @affq_loop_product(i32 0, ptr @V, ptr @affq.qparams.1, i32 0, i64 1, i64 64, ptr %x,
; CHECK-NOT:   load i8
; CHECK-NOT:   br i1
; CHECK:       ret float
; REMARK: remark: two.c:4:0: marked loop (sum 1 of 2): dot product runs on the int8 kernel
; REMARK: remark: two.c:4:0: marked loop (sum 2 of 2): dot product runs on the int8 kernel
define float @two(ptr noalias %x) {
entry:
  br label %loop

loop:
  %j = phi i64 [ 0, %entry ], [ %j.next, %loop ]
  %t = phi float [ 0.0, %entry ], [ %t.next, %loop ]
  %u = phi float [ 1.0, %entry ], [ %u.next, %loop ]
  %xp = getelementptr inbounds float, ptr %x, i64 %j
  %xv = load float, ptr %xp, align 4
  %cp = getelementptr inbounds [64 x i8], ptr @W, i64 0, i64 %j
  %c = load i8, ptr %cp, align 1
  %c32 = sext i8 %c to i32
  %dz = add nsw i32 %c32, 1
  %df = sitofp i32 %dz to float
  %w = fmul float %df, 0x3F80101020000000, !affq.dq !0
  %t.next = call float @llvm.fmuladd.f32(float %w, float %xv, float %t)
  %vp = getelementptr inbounds [64 x i8], ptr @V, i64 0, i64 %j
  %vc = load i8, ptr %vp, align 1
  %vc32 = sext i8 %vc to i32
  %vdz = add nsw i32 %vc32, 3
  %vdf = sitofp i32 %vdz to float
  %v = fmul float %vdf, 0x3F90101020000000, !affq.dq !5
  %u.next = call float @llvm.fmuladd.f32(float %v, float %xv, float %u)
  %j.next = add nuw nsw i64 %j, 1
  %done = icmp eq i64 %j.next, 64
  br i1 %done, label %exit, label %loop, !llvm.loop !1

exit:
  %ts = phi float [ %t.next, %loop ]
  %us = phi float [ %u.next, %loop ]
  %r = fadd float %ts, %us
  ret float %r
}

declare float @llvm.fmuladd.f32(float, float, float)

!0 = !{i32 0, i64 0, float 0x3F80101020000000, i32 -1, i32 -128, i32 127, null, null}
!5 = !{i32 0, i64 0, float 0x3F90101020000000, i32 -3, i32 -128, i32 127, null, null}
!1 = distinct !{!1, !2, !3}
!2 = !{!"affq.loop", !"", !"two.c", i32 4, i1 true}
!3 = !{!"llvm.loop.unroll.disable"}
