import type { RunResults, SegmentResult } from '@scall/spec';

/** Arithmetic mean of `values` (0 when empty). */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return values.length ? s / values.length : 0;
}

/** The run summary over the reported segments (index >= 1) at cut-off `k`. */
export function summarise(segments: readonly SegmentResult[], k: number): RunResults['summary'] {
  const reported = segments.filter((s) => s.index >= 1);
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
