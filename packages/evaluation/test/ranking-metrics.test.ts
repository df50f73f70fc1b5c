import { describe, expect, it } from 'vitest';
import { METRIC_NAMES, rankingMetrics } from '../src/index.js';

const d = (rank: number) => 1 / Math.log2(rank + 1); // discount of a 1-based rank

describe('rankingMetrics', () => {
  // Row 0: ranking 0,1,2,3,4; relevant columns 1 and 3 (ranks 2 and 4).
  // Row 1: no relevant column -> all metrics 0, still counted.
  // Row 2: column 0 is relevant but excluded; column 4 relevant and ranked first.
  const scores = Float32Array.from([
    0.9, 0.8, 0.7, 0.6, 0.5,
    0.9, 0.8, 0.7, 0.6, 0.5,
    0.9, 0.1, 0.2, 0.3, 0.4,
  ]);
  const result = rankingMetrics(scores, {
    numCandidates: 5,
    relevant: [[1, 3], [], [0, 4]],
    excluded: [undefined, undefined, [0]],
    ks: [1, 2, 4],
  });

  it('computes hand-derived per-user values', () => {
    const { recall, ndcg, precision, hitRate } = result.perUser;
    // row 0
    expect(recall[1][0]).toBe(0);
    expect(recall[2][0]).toBeCloseTo(1 / 2, 12);
    expect(ndcg[2][0]).toBeCloseTo(d(2) / (d(1) + d(2)), 12);
    expect(precision[2][0]).toBeCloseTo(1 / 2, 12);
    expect(hitRate[2][0]).toBe(1);
    expect(recall[4][0]).toBe(1);
    expect(ndcg[4][0]).toBeCloseTo((d(2) + d(4)) / (d(1) + d(2)), 12);
    expect(precision[4][0]).toBeCloseTo(2 / 4, 12);
    // row 1: nothing relevant
    for (const m of METRIC_NAMES) for (const k of [1, 2, 4]) expect(result.perUser[m][k][1]).toBe(0);
    // row 2: ranking 4,3,2,1 (0 excluded); the excluded relevant item still counts in rel = 2
    expect(recall[1][2]).toBeCloseTo(1 / 2, 12);
    expect(ndcg[1][2]).toBe(1); // IDCG over min(rel, K) = 1 item
    expect(ndcg[4][2]).toBeCloseTo(d(1) / (d(1) + d(2)), 12);
    expect(hitRate[1][2]).toBe(1);
  });

  it('averages over every user and derives the fitness at the first K', () => {
    expect(result.users).toBe(3);
    expect(result.mean.recall[4]).toBeCloseTo((1 + 0 + 0.5) / 3, 12);
    expect(result.mean.hitRate[1]).toBeCloseTo(1 / 3, 12);
    // fitness at K = 1: row 0 contributes 0, row 1 0, row 2 (0.5 + 1) / 2
    expect(result.fitness).toBeCloseTo(0.75 / 3, 12);
  });

  it('ranks tied scores by the lower column', () => {
    const tied = Float32Array.from([0.5, 0.5, 0.5]);
    expect(rankingMetrics(tied, { numCandidates: 3, relevant: [[2]], ks: [1] }).mean.recall[1]).toBe(0);
    expect(rankingMetrics(tied, { numCandidates: 3, relevant: [[0]], ks: [1] }).mean.recall[1]).toBe(1);
  });

  it('counts duplicate relevant columns once', () => {
    const r = rankingMetrics([1, 0], { numCandidates: 2, relevant: [[0, 0]], ks: [1] });
    expect(r.mean.recall[1]).toBe(1);
  });

  it('names the problem in bad input', () => {
    expect(() => rankingMetrics([1, 2, 3], { numCandidates: 2, relevant: [[0]] })).toThrow(/length 3, expected 1 users x 2 candidates/);
    expect(() => rankingMetrics([1, 2], { numCandidates: 2, relevant: [[2]] })).toThrow(/relevant\[0\] holds column 2/);
    expect(() => rankingMetrics([1, 2], { numCandidates: 2, relevant: [[0]], ks: [0] })).toThrow(/positive integer, got 0/);
    expect(() => rankingMetrics([1, 2], { numCandidates: 2, relevant: [[0]], ks: [] })).toThrow(/at least one cut-off/);
    expect(() => rankingMetrics([1, 2], { numCandidates: 2, relevant: [[0]], ks: [5, 5] })).toThrow(/K = 5 is listed twice/);
  });
});
