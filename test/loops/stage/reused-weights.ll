; The loop stage alone: an 18-tap filter.  The inner loop's 18 codes are the
; same on every iteration of the loop around it, so a kernel call per output
; would lose (they stay in cache either way); they are dequantized once, into
; a float buffer before the outer loop, and the inner loop reads floats.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='function(affq-loops),verify' -pass-remarks=affq -S %s 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

@taps = internal global [18 x i8] zeroinitializer, align 16

; CHECK-LABEL: define void @fir(
; CHECK:       [[BUF:%.*]] = alloca [18 x float], align 64
; CHECK:       call i32 @affq_dequantize(ptr @taps, ptr [[BUF]], i64 18, ptr @affq.qparams)
; CHECK-NEXT:  br label %outer
; CHECK:     inner:
; CHECK-NOT:   load i8
; CHECK:       load float, ptr %{{.*}}
; CHECK-NOT:   affq_loop_product
; CHECK:       ret void
; REMARK: remark: fir.c:3:0: marked loop: dot product stays inline (its sum may be reordered), not a kernel call: the loop around it reads the same 18 weights on every iteration, so they stay in cache and a kernel call per iteration would lose to the loop as written; the weights are dequantized once, before the loop around it
define void @fir(ptr noalias %in, ptr noalias %out, i32 %n) {
entry:
  %pos = icmp sgt i32 %n, 0
  br i1 %pos, label %pre, label %done

pre:
  %n64 = zext i32 %n to i64
  br label %outer

outer:
  %i = phi i64 [ 0, %pre ], [ %i.next, %latch ]
  %row = getelementptr inbounds float, ptr %in, i64 %i
  br label %inner

inner:
  %k = phi i64 [ 0, %outer ], [ %k.next, %inner ]
  %acc = phi float [ 0.0, %outer ], [ %acc.next, %inner ]
  %cp = getelementptr inbounds [18 x i8], ptr @taps, i64 0, i64 %k
  %c = load i8, ptr %cp, align 1
  %c32 = sext i8 %c to i32
  %d = add nsw i32 %c32, 1
  %df = sitofp i32 %d to float
  %w = fmul float %df, 0x3F80101020000000, !affq.dq !0
  %xp = getelementptr inbounds float, ptr %row, i64 %k
  %x = load float, ptr %xp, align 4
  %acc.next = call float @llvm.fmuladd.f32(float %w, float %x, float %acc)
  %k.next = add nuw nsw i64 %k, 1
  %kdone = icmp eq i64 %k.next, 18
  br i1 %kdone, label %latch, label %inner, !llvm.loop !1

latch:
  %sum = phi float [ %acc.next, %inner ]
  %op = getelementptr inbounds float, ptr %out, i64 %i
  store float %sum, ptr %op, align 4
  %i.next = add nuw nsw i64 %i, 1
  %idone = icmp eq i64 %i.next, %n64
  br i1 %idone, label %done, label %outer, !llvm.loop !4

done:
  ret void
}

declare float @llvm.fmuladd.f32(float, float, float)

; !affq.dq: per tensor, s = 0.00784314, z = -1, codes [-128, 127]
!0 = !{i32 0, i64 0, float 0x3F80101020000000, i32 -1, i32 -128, i32 127, null, null}
; the marks: AFFQ_LOOP at fir.c:3 on the outer loop, and so on the inner one
!1 = distinct !{!1, !2, !3}
!2 = !{!"affq.loop", !"", !"fir.c", i32 3, i1 true}
!3 = !{!"llvm.loop.unroll.disable"}
!4 = distinct !{!4, !2, !3}
