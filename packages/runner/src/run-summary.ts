import type { RunResults, SegmentResult } from '@scall/spec';

/** Arithmetic mean of `values` (0 when empty). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : 0;
}

/**
 * The run summary over the reported segments at cut-off `k`: those with index >=
 * `firstReported` — 1 for a stream (segment 0 is the warm-up), 0 for a dataset of a
 * single segment (the static protocol's one split, whose test part is the result).
 */
export function summarise(segments: readonly SegmentResult[], k: number, firstReported = 1): RunResults['summary'] {
  const reported = segments.filter((s) => s.index >= firstReported);
  const recall = reported.map((s) => s.test.metrics.recall?.[k] ?? 0);
  const ndcg = reported.map((s) => s.test.metrics.ndcg?.[k] ?? 0);
  const weights = reported.map((s) => s.test.users);
  const total = weights.reduce((a, b) => a + b, 0);
  const weighted = (xs: number[]) => (total > 0 ? xs.reduce((a, x, i) => a + x * weights[i], 0) / total : 0);
  return {
    k,
    recall: mean(recall),
    ndcg: mean(ndcg),
    weightedRecall: weighted(recall),
    weightedNdcg: weighted(ndcg),
    segments: reported.length,
  };
}
