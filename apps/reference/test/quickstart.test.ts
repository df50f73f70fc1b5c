import type { RunResults } from '@scall/spec';
import { describe, expect, it } from 'vitest';
import { formatComparison, summaryLine } from '../src/commands/quickstart.js';

/** The fields of a results file the comparison reads (the rest is irrelevant here). */
function results(recall: number[], bytes: number[], populations: [number, number][]): RunResults {
  return {
    summary: { k: 20, segments: recall.length - 1, recall: recall.slice(1).reduce((a, b) => a + b, 0) / (recall.length - 1), ndcg: 0.5 * (recall.slice(1).reduce((a, b) => a + b, 0) / (recall.length - 1)) },
    segments: recall.map((r, index) => ({
      index,
      stats: { users: populations[index][0], items: populations[index][1] },
      bytes: bytes[index],
      test: { metrics: { recall: { 20: r }, ndcg: { 20: r / 2 } } },
    })),
  } as unknown as RunResults;
}

describe('quickstart comparison', () => {
  const populations: [number, number][] = [[100, 50], [200, 100], [300, 150]];
  const scall = results([0.1, 0.3, 0.25], [19_200, 38_400, 57_600], populations);
  const uniform = results([0.1, 0.2, 0.15], [19_200, 38_400, 57_600], populations);

  it('puts both searchers side by side per segment with the memory of a full-width table', () => {
    const table = formatComparison(scall, uniform, 256);
    const row = (label: string) => table.split('\n').find((line) => line.includes(` ${label} `))!;
    expect(row('2')).toMatch(/450\s.*0\.2500\s.*0\.1500\s.*0\.1250\s.*0\.0750\s.*0\.06 MB\s.*0\.06 MB\s.*0\.46 MB/);
    expect(table).toMatch(/mean over segments 1\.\.2\s.*0\.2750\s.*0\.1750/);
  });

  it('says what the budget bought in one line', () => {
    // Last segment: 450 entities x 256 x 4 bytes = 460,800 bytes for the full-width table.
    expect(summaryLine(scall, uniform, 256)).toBe('SCALL: Recall@20 0.2750 vs 0.1750 for uniform sizes (+0.1000), in 0.06 MB (uniform: 0.06 MB) vs 0.46 MB for a full-width table at MAX 256 (last segment, 12.5% of it)');
  });
});
