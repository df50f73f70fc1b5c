import { describe, expect, it } from 'vitest';
import type { CellAggregate, RunAggregate } from '../src/aggregate.js';
import { excludesZero, pairedComparisons, pairedComparisonsAgainst, spreadOf, tQuantile975 } from '../src/index.js';

function cell(searcher: string, budgetLabel: string, perSeed: [number, number, number][], protocol = 'strict'): CellAggregate {
  return {
    key: `d|r|${protocol}|${budgetLabel}|${searcher}`,
    dataset: 'd',
    recommender: 'r',
    protocol,
    searcher,
    searcherName: searcher,
    budgetLabel,
    perSeed: perSeed.map(([seed, recall, ndcg]) => ({ seed, recall, ndcg, weightedRecall: recall, weightedNdcg: ndcg, reliableRecall: recall, reliableNdcg: ndcg })),
  } as unknown as CellAggregate;
}

describe('95% confidence intervals over seeds', () => {
  it('uses Student t quantiles (table values, then an expansion close to the normal)', () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(2)).toBe(4.303);
    expect(tQuantile975(4)).toBe(2.776);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(10_000)).toBeCloseTo(1.96, 3);
    expect(() => tQuantile975(0)).toThrow(/degrees of freedom/);
  });

  it('half-width t(0.975, n-1) sd / sqrt(n), by hand for three values', () => {
    // 0.1, 0.2, 0.3: mean 0.2, sd 0.1, half-width 4.303 x 0.1 / sqrt 3 = 0.24844.
    const s = spreadOf([0.1, 0.2, 0.3]);
    expect(s.ci95).toBeCloseTo(0.248434, 5);
    expect(spreadOf([0.5]).ci95).toBe(0);
  });
});

describe('pairedComparisons', () => {
  const aggregate = {
    cells: [
      cell('uniform', 'c=2', [[1, 0.1, 0.2], [2, 0.12, 0.22], [3, 0.11, 0.2]]),
      cell('scall', 'c=2', [[1, 0.13, 0.2], [2, 0.14, 0.23], [3, 0.15, 0.19], [4, 0.9, 0.9]]),
      cell('random', 'c=2', [[1, 0.1, 0.2], [2, 0.13, 0.21], [3, 0.1, 0.21]]),
      cell('scall', 'c=8', [[1, 0.2, 0.3]]),
      cell('scall', 'c=2', [[1, 0.5, 0.5]], 'reference'),
    ],
  } as unknown as RunAggregate;

  it('pairs each searcher with uniform on the seeds both ran, per protocol and budget', () => {
    const rows = pairedComparisons(aggregate);
    // c=8 and the reference protocol have no uniform cell; seed 4 has no uniform run.
    expect(rows.map((r) => `${r.protocol} ${r.budgetLabel} ${r.searcher}`)).toEqual(['strict c=2 scall', 'strict c=2 random']);
    const scall = rows[0];
    expect(scall.seeds).toEqual([1, 2, 3]);
    // Differences 0.03, 0.02, 0.04: mean 0.03, sd 0.01, half-width 4.303 x 0.01 / sqrt 3 = 0.024843.
    expect(scall.recall.mean).toBeCloseTo(0.03, 12);
    expect(scall.recall.ci95).toBeCloseTo(0.0248434, 6);
    expect(excludesZero(scall.recall)).toBe(true);
    // NDCG differences 0, 0.01, -0.01: mean 0, the CI straddles zero.
    expect(scall.ndcg.mean).toBeCloseTo(0, 12);
    expect(excludesZero(scall.ndcg)).toBe(false);
    // random: differences 0, 0.01, -0.01 on recall.
    expect(excludesZero(rows[1].recall)).toBe(false);
  });

  it('compares against each given baseline in turn, and names an unknown one', () => {
    const withSearchers = { ...aggregate, searchers: ['random', 'scall', 'uniform'] } as unknown as RunAggregate;
    const rows = pairedComparisonsAgainst(withSearchers, ['uniform', 'random']);
    expect(rows.map((r) => `${r.protocol} ${r.budgetLabel} ${r.searcher} − ${r.baseline}`)).toEqual([
      'strict c=2 scall − uniform',
      'strict c=2 random − uniform',
      // uniform − random is left out: it negates random − uniform above.
      'strict c=2 scall − random',
    ]);
    // scall − random: differences 0.03, 0.01, 0.05 (mean 0.03).
    expect(rows[2].recall.mean).toBeCloseTo(0.03, 12);
    expect(pairedComparisonsAgainst(withSearchers)).toEqual(pairedComparisons(withSearchers));
    expect(() => pairedComparisonsAgainst(withSearchers, ['fixed-action'])).toThrow('Unknown searcher "fixed-action" as a baseline: the runs hold "random", "scall", "uniform"');
  });

  it('a single pair has no interval and never excludes zero', () => {
    expect(excludesZero(spreadOf([0.5]))).toBe(false);
  });
});
