; A module without affq annotations comes out of the pass unchanged, bit for
; bit: the bitcode with -passes=affq equals the bitcode with no pass at all.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes=affq %s -o %t.affq.bc
; RUN: %opt -passes='' %s -o %t.none.bc
; RUN: cmp %t.affq.bc %t.none.bc

@g = global [4 x float] [float 1.0, float 2.0, float 3.0, float 4.0], align 16

define float @sum(ptr %p, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi float [ 0.0, %entry ], [ %acc.next, %loop ]
  %addr = getelementptr inbounds float, ptr %p, i64 %i
  %v = load float, ptr %addr, align 4
  %acc.next = fadd float %acc, %v
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret float %acc.next
}
