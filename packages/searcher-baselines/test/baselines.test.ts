import { createRng } from '@scall/rng';
import { assertPlanWithinBudget, type SearchContext } from '@scall/spec';
import { createMockRecommender, createMockSegment } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createFrequencySearcher, createRandomSearcher, createUniformSearcher } from '../src/index.js';

const segment = createMockSegment({ numUsers: 40, numItems: 60, seed: 2 });
const context = (seed: number, meanSize = 8): SearchContext => ({
  segment,
  previous: undefined,
  budget: { kind: 'mean-size', meanSize },
  minSize: 1,
  maxSize: 32,
  rng: createRng(seed),
  createRecommender: () => createMockRecommender(),
  evaluate: async () => {
    throw new Error('baselines never evaluate');
  },
  emit: () => {
    throw new Error('baselines emit no policy steps');
  },
});

describe('baseline searchers', () => {
  it('uniform: equal sizes (within one unit) that use the whole budget', async () => {
    const plan = await createUniformSearcher().plan(context(1));
    const all = [...plan.userSizes, ...plan.itemSizes];
    expect(assertPlanWithinBudget(plan)).toBe(8 * 100);
    expect(Math.max(...all) - Math.min(...all)).toBeLessThanOrEqual(1);
  });

  it('random: within budget, seeded, and different for another seed', async () => {
    const searcher = createRandomSearcher();
    const a = await searcher.plan(context(1));
    const b = await searcher.plan(context(1));
    const c = await searcher.plan(context(2));
    assertPlanWithinBudget(a);
    expect(Array.from(b.userSizes)).toEqual(Array.from(a.userSizes));
    expect(Array.from(c.userSizes)).not.toEqual(Array.from(a.userSizes));
  });

  it('frequency: more frequent entities never get smaller sizes', async () => {
    const plan = await createFrequencySearcher({ beta: 0.5 }).plan(context(1));
    assertPlanWithinBudget(plan);
    const f = segment.userFrequencies;
    for (let u = 0; u < f.length; u++) for (let v = 0; v < f.length; v++) if (f[u] > f[v]) expect(plan.userSizes[u]).toBeGreaterThanOrEqual(plan.userSizes[v]);
  });

  it('honours a user share and rejects an invalid one; snapshots round-trip by name', async () => {
    const plan = await createUniformSearcher({ userShare: 0.2 }).plan(context(1));
    const users = plan.userSizes.reduce((a, b) => a + b, 0);
    expect(users).toBeLessThanOrEqual(0.2 * 800);
    expect(users).toBeGreaterThan(0.2 * 800 - 40);
    expect(() => createUniformSearcher({ userShare: 1.5 })).toThrow(/userShare must be in \[0, 1\]/);
    const s = createRandomSearcher();
    expect(() => s.restore(s.snapshot())).not.toThrow();
    expect(() => s.restore({ kind: 'scall', meta: {}, arrays: {} })).toThrow(/Cannot restore a "scall" snapshot/);
  });
});
