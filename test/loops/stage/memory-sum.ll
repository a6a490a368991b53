; The loop stage alone: y[i] += W[i][j] * x[j] with y and x plain pointers
; that may overlap, so LLVM keeps the sum in memory (stored on every
; iteration).  Before the inner loop, a check at run time: when y[i] lies
; outside what the row reads, the row goes to a bypass block, one dot
; product call whose result is stored to y[i] once; otherwise the loop runs
; as written.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='function(affq-loops),verify' -pass-remarks=affq -S %s 2>%t.remarks | FileCheck %s
; RUN: FileCheck %s --check-prefix=REMARK < %t.remarks

@W = internal global [64 x [256 x i8]] zeroinitializer, align 16

; CHECK-LABEL: define void @gemv(
; CHECK:     outer:
; CHECK:       [[Y:%.*]] = ptrtoint ptr {{%.*}} to i64
; CHECK-NEXT:  [[YEND:%.*]] = add i64 [[Y]], 4
; opt alone has no TBAA here to tell y from the codes of W: both are checked
; CHECK-NEXT:  [[WLO:%.*]] = ptrtoint ptr {{%.*}} to i64
; CHECK-NEXT:  [[WLAST:%.*]] = add i64 [[WLO]], 255
; CHECK-NEXT:  [[WHI:%.*]] = add i64 [[WLAST]], 1
; CHECK-NEXT:  [[B1:%.*]] = icmp ule i64 [[YEND]], [[WLO]]
; CHECK-NEXT:  [[A1:%.*]] = icmp ule i64 [[WHI]], [[Y]]
; CHECK-NEXT:  [[W:%.*]] = or i1 [[B1]], [[A1]]
; CHECK-NEXT:  [[XLO:%.*]] = ptrtoint ptr %x to i64
; CHECK-NEXT:  [[XLAST:%.*]] = add i64 [[XLO]], 1020
; CHECK-NEXT:  [[XHI:%.*]] = add i64 [[XLAST]], 4
; CHECK-NEXT:  [[B2:%.*]] = icmp ule i64 [[YEND]], [[XLO]]
; CHECK-NEXT:  [[A2:%.*]] = icmp ule i64 [[XHI]], [[Y]]
; CHECK-NEXT:  [[X:%.*]] = or i1 [[B2]], [[A2]]
; CHECK-NEXT:  [[APART:%.*]] = and i1 [[W]], [[X]]
; CHECK-NEXT:  br i1 [[APART]], label %affq.kernel, label %inner
; CHECK:     affq.kernel:
; CHECK:       call void @affq_loop_product(i32 0, ptr {{%.*}}, ptr @affq.qparams, i32 0, i64 1, i64 256, ptr %x, i64 1, ptr [[BUF:%.*]], i32 0)
; CHECK-NEXT:  [[D:%.*]] = load float, ptr [[BUF]]
; CHECK-NEXT:  [[S:%.*]] = fadd float 0.000000e+00, [[D]]
; CHECK-NEXT:  store float [[S]], ptr {{%.*}}, align 4
; CHECK-NEXT:  br label %latch
; the loop as written, for when they overlap
; CHECK:     inner:
; CHECK:       [[ACC:%.*]] = call float @llvm.fmuladd.f32(
; CHECK-NEXT:  store float [[ACC]], ptr %yp
; CHECK:       ret void
; REMARK: remark: gemv.c:5:0: marked loop: dot product runs on the int8 kernel, kept in memory (y[i] += ...): a check at run time finds that the store to parameter 1 of 'gemv' does not overlap 'W' and parameter 2 of 'gemv'; otherwise the loop runs as written
define void @gemv(ptr %y, ptr %x) {
entry:
  br label %outer

outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
  %yp = getelementptr inbounds float, ptr %y, i64 %i
  store float 0.0, ptr %yp, align 4
  br label %inner

inner:
  %j = phi i64 [ 0, %outer ], [ %j.next, %inner ]
  %acc = phi float [ 0.0, %outer ], [ %acc.next, %inner ]
  %cp = getelementptr inbounds [64 x [256 x i8]], ptr @W, i64 0, i64 %i, i64 %j
  %c = load i8, ptr %cp, align 1
  %c32 = sext i8 %c to i32
  %dz = add nsw i32 %c32, 1
  %df = sitofp i32 %dz to float
  %w = fmul float %df, 0x3F80101020000000, !affq.dq !0
  %xp = getelementptr inbounds float, ptr %x, i64 %j
  %xv = load float, ptr %xp, align 4
  %acc.next = call float @llvm.fmuladd.f32(float %w, float %xv, float %acc)
  store float %acc.next, ptr %yp, align 4
  %j.next = add nuw nsw i64 %j, 1
  %jdone = icmp eq i64 %j.next, 256
  br i1 %jdone, label %latch, label %inner, !llvm.loop !1

latch:
  %i.next = add nuw nsw i64 %i, 1
  %idone = icmp eq i64 %i.next, 64
  br i1 %idone, label %done, label %outer, !llvm.loop !4

done:
  ret void
}

declare float @llvm.fmuladd.f32(float, float, float)

!0 = !{i32 0, i64 0, float 0x3F80101020000000, i32 -1, i32 -128, i32 127, null, null}
!1 = distinct !{!1, !2, !3}
!2 = !{!"affq.loop", !"", !"gemv.c", i32 5, i1 true}
!3 = !{!"llvm.loop.unroll.disable"}
!4 = distinct !{!4, !2, !3}
