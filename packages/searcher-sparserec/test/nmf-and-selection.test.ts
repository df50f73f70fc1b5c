import { createRng } from '@scall/rng';
import { assertSparseLayout } from '@scall/spec';
import { createMockSegment } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { nmfReconstructionError, nonNegativeFactorization, selectLayout } from '../src/index.js';

describe('nonNegativeFactorization', () => {
  const segment = createMockSegment({ numUsers: 15, numItems: 20, seed: 5 });
  const run = (iterations: number, seed = 1) => nonNegativeFactorization(segment.graph, segment.numUsers, segment.numItems, { rank: 6, iterations, rng: createRng(seed) });

  it('is non-negative, deterministic for a seed, and lowers the reconstruction error', () => {
    const a = run(40);
    const b = run(40);
    expect(Array.from(a.users)).toEqual(Array.from(b.users));
    expect(Array.from(run(40, 2).users)).not.toEqual(Array.from(a.users));
    expect([...a.users, ...a.items].every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    const start = nmfReconstructionError(segment.graph, segment.numUsers, segment.numItems, run(0));
    const end = nmfReconstructionError(segment.graph, segment.numUsers, segment.numItems, a);
    expect(end).toBeLessThan(0.8 * start);
  });

  it('rejects interactions outside the population', () => {
    expect(() => nonNegativeFactorization(segment.graph, 2, segment.numItems, { rank: 3, rng: createRng(1) })).toThrow(/outside/);
  });
});

describe('selectLayout', () => {
  it('gives each entity its minimum, then the best scores globally, within the budget exactly', () => {
    const maxSize = 4;
    const users = Float64Array.of(9, 8, 7, 6, /* user 1 */ 0.1, 0.2, 0.3, 0.4);
    const items = Float64Array.of(5, 0, 0, 0);
    const layout = selectLayout({ users, items }, maxSize, 5, 1);
    expect(assertSparseLayout(layout, { minActive: 1 })).toBe(5);
    // minimums: user0 d0, user1 d3, item0 d0; then the best rest: user0 d1, d2
    expect(Array.from(layout.users.indices)).toEqual([0, 1, 2, 3]);
    expect(Array.from(layout.users.counts)).toEqual([3, 1]);
    expect(Array.from(layout.items.indices)).toEqual([0]);
    expect(() => selectLayout({ users, items }, maxSize, 2, 1)).toThrow(/minimum of 1/);
  });
});
