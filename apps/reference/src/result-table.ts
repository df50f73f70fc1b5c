import Table from 'cli-table3';
import type { RunResults } from '@scall/spec';

/** The final per-segment table of a run, with averages over segments 1..T (a static split: its one segment). */
export function formatResultTable(results: RunResults): string {
  const k = results.summary.k;
  const single = results.protocol.splitBase === 'random-per-user';
  const table = new Table({
    head: ['segment', 'users', 'items', 'test users', 'params / budget', 'bytes', `Recall@${k}`, `NDCG@${k}`, 'blocks', 'seconds'],
    style: { head: [], border: [] },
  });
  for (const s of results.segments) {
    table.push([
      s.index === 0 ? (single ? '0 (static split)' : '0 (warm-up)') : String(s.index),
      s.stats.users,
      s.stats.items,
      s.test.users,
      `${s.parameters} / ${s.budgetParameters}`,
      s.bytes,
      (s.test.metrics.recall?.[k] ?? 0).toFixed(4),
      (s.test.metrics.ndcg?.[k] ?? 0).toFixed(4),
      s.blocks,
      (s.timings.policy + s.timings.training + s.timings.evaluation).toFixed(1),
    ]);
  }
  const { summary } = results;
  table.push(
    [{ colSpan: 6, content: single ? 'the static split (test part)' : `mean over segments 1..${summary.segments}` }, summary.recall.toFixed(4), summary.ndcg.toFixed(4), '', ''],
    [{ colSpan: 6, content: 'test-user-weighted mean' }, summary.weightedRecall.toFixed(4), summary.weightedNdcg.toFixed(4), '', results.timings.total.toFixed(1)],
  );
  return table.toString();
}
