/*
 * metadata.h - the metadata the pass's two stages share, defined once.
 * Stage 1 (pass.c and friends, at the pipeline start) writes it; stage 2
 * (products.c, before the vectorizer) reads it.
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

#endif
