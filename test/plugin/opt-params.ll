; affq<params> is parsed, and printPipeline prints it back in canonical
; form: only what differs from the defaults (bits=8, affine, signed).
; RUN: %opt -load-pass-plugin=%affq_plugin -passes=affq -print-pipeline-passes -disable-output %s | FileCheck --check-prefix=DEFAULT %s
; DEFAULT: {{^}}affq,verify{{$}}
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq<bits=8;scheme=affine;signed>' -print-pipeline-passes -disable-output %s | FileCheck --check-prefix=DEFAULT %s
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq<unsigned;scheme=symmetric;bits=4>' -print-pipeline-passes -disable-output %s | FileCheck --check-prefix=ALL %s
; ALL: {{^}}affq<bits=4;scheme=symmetric;unsigned>,verify{{$}}
; The printed pipeline parses again to itself.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='affq<bits=4;scheme=symmetric;unsigned>' -print-pipeline-passes -disable-output %s | FileCheck --check-prefix=ALL %s
; It nests inside other pass managers' text like any module pass.
; RUN: %opt -load-pass-plugin=%affq_plugin -passes='function(instcombine),affq<bits=6>' -print-pipeline-passes -disable-output %s | FileCheck --check-prefix=NEST %s
; NEST: function(instcombine<{{.*}}>),affq<bits=6>,verify

define void @f() {
  ret void
}
