; opt loads affq.so and runs the affq module pass with -passes=affq.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes=affq -debug-pass-manager -disable-output %s 2>&1 | FileCheck %s
; CHECK: Running pass: affq::AffqPass on [module]

define i32 @f(i32 %x) {
  ret i32 %x
}
