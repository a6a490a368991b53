; A bad affq<params> is one clear error line and exit status 1, no crash dump.
; RUN: not %opt -load-pass-plugin=%affq_plugin -passes='affq<bogus>' -disable-output %s 2>&1 | FileCheck --check-prefix=UNKNOWN %s
; UNKNOWN: LLVM ERROR: affq: invalid pass parameter: unknown affq parameter 'bogus'
; UNKNOWN-NOT: Stack dump
; RUN: not %opt -load-pass-plugin=%affq_plugin -passes='affq<bits=9>' -disable-output %s 2>&1 | FileCheck --check-prefix=BITS %s
; BITS: affq: invalid pass parameter: bits must be an integer from 2 to 8, not '9'
; RUN: not %opt -load-pass-plugin=%affq_plugin -passes='affq<bits=4x>' -disable-output %s 2>&1 | FileCheck --check-prefix=BITSX %s
; BITSX: bits must be an integer from 2 to 8, not '4x'
; RUN: not %opt -load-pass-plugin=%affq_plugin -passes='affq<scheme=fancy>' -disable-output %s 2>&1 | FileCheck --check-prefix=SCHEME %s
; SCHEME: scheme must be affine or symmetric, not 'fancy'
; RUN: not %opt -load-pass-plugin=%affq_plugin -passes='affq<bits=4;;signed>' -disable-output %s 2>&1 | FileCheck --check-prefix=EMPTY %s
; EMPTY: empty affq parameter in 'bits=4;;signed'
; RUN: not %opt -load-pass-plugin=%affq_plugin -passes='affq<signed=1>' -disable-output %s 2>&1 | FileCheck --check-prefix=FLAGVAL %s
; FLAGVAL: unknown affq parameter 'signed=1'

define void @f() {
  ret void
}
