/*
 * metadata.h - the metadata the pass's two stages share, defined once.
 * Stage 1 (pass.c and friends, at the pipeline start) writes it; stage 2
 * (products.c, before the vectorizer) reads it.  The report's metadata
 * (last) goes from both stages to the pass that writes the report.
 */
#ifndef AFFQ_METADATA_H
#define AFFQ_METADATA_H

/* !affq.dq on each inline dequantization (rewrite.c), what the loop stage
 * needs to call a kernel on those codes:
 *   !{i32 per_row, i64 cols, float s, i32 z, i32 qmin, i32 qmax,
 *     scales, zero_points}
 * s and z are row 0's when per row; scales and zero_points are the per-row
 * tables' constant contents ([rows x float], [rows x i32]; they outlive the
 * tables, which GlobalOpt may fold away), or null per tensor. */
#define AFFQ_MD_DQ "affq.dq"
enum {
  AFFQ_DQ_PER_ROW,
  AFFQ_DQ_COLS,
  AFFQ_DQ_SCALE,
  AFFQ_DQ_ZERO,
  AFFQ_DQ_QMIN,
  AFFQ_DQ_QMAX,
  AFFQ_DQ_SCALES,
  AFFQ_DQ_ZERO_POINTS,
  AFFQ_DQ_FIELDS
};

/* The loop mark (loops.c through plugin.cpp), one operand of a marked
 * loop's llvm.loop metadata, which survives rotation and the other loop
 * passes:
 *   !{!"affq.loop", !"options", !"file", i32 line, i1 added_unroll_disable}
 * The last says the mark came with llvm.loop.unroll.disable, which the loop
 * stage takes off again with the mark. */
#define AFFQ_MD_LOOP "affq.loop"
enum {
  AFFQ_MARK_NAME,
  AFFQ_MARK_OPTIONS,
  AFFQ_MARK_FILE,
  AFFQ_MARK_LINE,
  AFFQ_MARK_ADDED_UNROLL,
  AFFQ_MARK_FIELDS
};

/* The report (report=PATH), on its way from stage 1 to the end of the
 * pipeline, where it is written once (report.c): stage 1 runs first, the
 * loop stage decides the marked loops later, so the module carries it.
 *   !affq.report = !{!{!"path"}, !{!"quantized", !"stays_float"}}
 * (the second node, the two JSON lists, once stage 1 has finished), and
 *   !affq.report.loops = !{!{!"file", i32 line, !"function", !"result",
 *                            !"shape", !"kernel", !"message"}, ...}
 * one node per decision about a marked loop ("" for no shape or kernel).
 * Both are dropped when the report is written. */
#define AFFQ_MD_REPORT "affq.report"
#define AFFQ_MD_REPORT_LOOPS "affq.report.loops"
enum {
  AFFQ_RLOOP_FILE,
  AFFQ_RLOOP_LINE,
  AFFQ_RLOOP_FUNCTION,
  AFFQ_RLOOP_RESULT,
  AFFQ_RLOOP_SHAPE,
  AFFQ_RLOOP_KERNEL,
  AFFQ_RLOOP_MESSAGE,
  AFFQ_RLOOP_FIELDS
};

#endif
