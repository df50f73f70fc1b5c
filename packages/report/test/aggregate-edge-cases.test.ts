import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { aggregateRuns, collectRuns, pairedComparisons } from '../src/index.js';

const fixtures = fileURLToPath(new URL('./fixtures/runs', import.meta.url));

describe('single-segment runs (the static split)', () => {
  it('count their one segment in the >= 10-user average, as their summary does', async () => {
    const runs = await collectRuns(fixtures);
    const single = runs.map((run) => {
      const segment = { ...run.results.segments[1], index: 0 };
      return { ...run, results: { ...run.results, segments: [segment] } };
    });
    const aggregate = aggregateRuns(single);
    for (const cell of aggregate.cells) {
      const expected = single.filter((r) => cell.runDirs.includes(r.dir)).map((r) => r.results.segments[0]);
      if (expected.some((s) => s.test.users < 10)) continue;
      expect(cell.summary.reliableSegments).toBe(1);
      expect(cell.perSeed.map((s) => s.reliableRecall)).toEqual(expected.map((s) => s.test.metrics.recall[cell.k]));
    }
    expect(aggregate.cells.some((c) => c.summary.reliableSegments === 1)).toBe(true);
  });
});

describe('sparse searchers', () => {
  it('pair with uniform sizes on the recommender they were configured with', async () => {
    const runs = await collectRuns(fixtures);
    // A SparseRec-like cell: configured lightgcn, trained (and reported) sparse-lightgcn.
    const sparse = runs
      .filter((run) => run.results.searcher === 'scall')
      .map((run) => ({
        ...run,
        dir: `${run.dir}-sparse`,
        results: { ...run.results, searcher: 'sparserec', recommender: 'sparse-lightgcn', config: { ...run.results.config, recommender: { name: 'lightgcn' } } },
      }));
    const aggregate = aggregateRuns([...runs, ...sparse]);
    const cell = aggregate.cells.find((c) => c.searcher === 'sparserec')!;
    expect([cell.recommender, cell.baseRecommender]).toEqual(['sparse-lightgcn', 'lightgcn']);
    const rows = pairedComparisons(aggregate).filter((r) => r.searcher === 'sparserec');
    expect(rows.length).toBeGreaterThan(0);
    const scall = pairedComparisons(aggregate).filter((r) => r.searcher === 'scall');
    // Same runs under another name: the same differences as SCALL's.
    expect(rows.map((r) => r.recall.mean)).toEqual(scall.map((r) => r.recall.mean));
  });
});
