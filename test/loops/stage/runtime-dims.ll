; The loop stage alone: llama2.c's matmul, w[i * n + j] * x[j] with n and d
; known only at run time.  The rows loop moves through the codes by n, a
; stride SCEV cannot call constant: the inner loop is one dot product call of
; n codes per row, from the row's start.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='function(affq-loops),verify' -pass-remarks=affq -S %s 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

@W = internal global [65536 x i8] zeroinitializer, align 16

; CHECK-LABEL: define void @matmul(
; CHECK:     outer:
; CHECK:       [[ROW:%.*]] = mul i64 %n64, %i
; CHECK:       [[W:%.*]] = getelementptr {{.*}}i8, ptr @W, i64 [[ROW]]
; CHECK:       call void @affq_loop_product(i32 0, ptr [[W]], ptr @affq.qparams, i32 0, i64 1, i64 %{{.*}}, ptr %x, i64 1, ptr [[BUF:%.*]], i32 0)
; CHECK-NEXT:  [[D:%.*]] = load float, ptr [[BUF]]
; CHECK-NEXT:  fadd float 0.000000e+00, [[D]]
; CHECK-NOT:   load i8
; CHECK:       ret void
; REMARK: remark: mm.c:7:0: marked loop: dot product runs on the int8 kernel; not larger: the loop around it moves through the codes by a stride known only at run time, so each of its iterations is one call
define void @matmul(ptr %xout, ptr %x, i32 %n, i32 %d) {
entry:
  %n64 = zext i32 %n to i64
  %d64 = zext i32 %d to i64
  %dpos = icmp sgt i32 %d, 0
  %npos = icmp sgt i32 %n, 0
  %both = and i1 %dpos, %npos
  br i1 %both, label %outer, label %done

outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  %rowstart = mul nuw nsw i64 %i, %n64
  br label %inner

inner:
  %j = phi i64 [ 0, %outer ], [ %j.next, %inner ]
  %acc = phi float [ 0.0, %outer ], [ %acc.next, %inner ]
  %idx = add nuw nsw i64 %rowstart, %j
  %cp = getelementptr inbounds i8, ptr @W, i64 %idx
  %c = load i8, ptr %cp, align 1
  %c32 = sext i8 %c to i32
  %dz = add nsw i32 %c32, 1
  %df = sitofp i32 %dz to float
  %w = fmul float %df, 0x3F80101020000000, !affq.dq !0
  %xp = getelementptr inbounds float, ptr %x, i64 %j
  %xv = load float, ptr %xp, align 4
  %acc.next = call float @llvm.fmuladd.f32(float %w, float %xv, float %acc)
  %j.next = add nuw nsw i64 %j, 1
  %jdone = icmp eq i64 %j.next, %n64
  br i1 %jdone, label %latch, label %inner, !llvm.loop !1

latch:
  %sum = phi float [ %acc.next, %inner ]
  %op = getelementptr inbounds float, ptr %xout, i64 %i
  store float %sum, ptr %op, align 4
  %i.next = add nuw nsw i64 %i, 1
  %idone = icmp eq i64 %i.next, %d64
  br i1 %idone, label %done, label %outer, !llvm.loop !4

done:
  ret void
}

declare float @llvm.fmuladd.f32(float, float, float)

!0 = !{i32 0, i64 0, float 0x3F80101020000000, i32 -1, i32 -128, i32 127, null, null}
!1 = distinct !{!1, !2, !3}
!2 = !{!"affq.loop", !"", !"mm.c", i32 7, i1 true}
!3 = !{!"llvm.loop.unroll.disable"}
!4 = distinct !{!4, !2, !3}
