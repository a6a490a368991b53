; The loop stage alone: bicg's transposed update, s[j] += r[k] * B[k][j] with
; j innermost and B quantized (4 x 16 codes).  The nest is y = r B, the
; runtime's transposed product, then s += y; the nest goes.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='function(affq-loops),verify' -pass-remarks=affq -S %s 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

@B = internal global [4 x [16 x i8]] zeroinitializer, align 16
@s = global [16 x float] zeroinitializer, align 16
@r = global [4 x float] zeroinitializer, align 16

; CHECK-LABEL: define void @bicg(
; CHECK:       call void @affq_loop_product(i32 1, ptr @B, ptr @affq.qparams, i32 0, i64 4, i64 16, ptr @r, i64 1, ptr [[Y:%.*]], i32 0)
; CHECK-NEXT:  call void @affq_loop_add_rows(ptr @s, i64 0, ptr [[Y]], i64 1, i64 16, float 1.000000e+00)
; CHECK-NOT:   load i8
; CHECK-NOT:   br i1
; CHECK:       ret void
; REMARK: remark: bicg.c:5:0: marked loop: transposed matrix-vector product (an update C += A B, B quantized) runs on the int8 kernel
define void @bicg() {
entry:
  br label %k.loop

k.loop:
  %k = phi i64 [ 0, %entry ], [ %k.next, %k.latch ]
  %rp = getelementptr inbounds [4 x float], ptr @r, i64 0, i64 %k
  %rk = load float, ptr %rp, align 4
  br label %j.loop

j.loop:
  %j = phi i64 [ 0, %k.loop ], [ %j.next, %j.loop ]
  %sp = getelementptr inbounds [16 x float], ptr @s, i64 0, i64 %j
  %sv = load float, ptr %sp, align 4
  %cp = getelementptr inbounds [4 x [16 x i8]], ptr @B, i64 0, i64 %k, i64 %j
  %c = load i8, ptr %cp, align 1
  %c32 = sext i8 %c to i32
  %dz = add nsw i32 %c32, 1
  %df = sitofp i32 %dz to float
  %b = fmul float %df, 0x3F80101020000000, !affq.dq !0
  %new = call float @llvm.fmuladd.f32(float %rk, float %b, float %sv)
  store float %new, ptr %sp, align 4
  %j.next = add nuw nsw i64 %j, 1
  %jdone = icmp eq i64 %j.next, 16
  br i1 %jdone, label %k.latch, label %j.loop, !llvm.loop !1

k.latch:
  %k.next = add nuw nsw i64 %k, 1
  %kdone = icmp eq i64 %k.next, 4
  br i1 %kdone, label %exit, label %k.loop, !llvm.loop !4

exit:
  ret void
}

declare float @llvm.fmuladd.f32(float, float, float)

!0 = !{i32 0, i64 0, float 0x3F80101020000000, i32 -1, i32 -128, i32 127, null, null}
!1 = distinct !{!1, !2, !3}
!2 = !{!"affq.loop", !"", !"bicg.c", i32 5, i1 true}
!3 = !{!"llvm.loop.unroll.disable"}
!4 = distinct !{!4, !2, !3}
