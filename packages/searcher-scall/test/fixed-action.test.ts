import { createScallAllocator } from '@scall/allocators';
import { powerLaw } from '@scall/distribution-power-law';
import { createRng } from '@scall/rng';
import { assertPlanWithinBudget, budgetParameters, type SearchContext, type StreamSegment } from '@scall/spec';
import { createMockRecommender, describeSearcher } from '@scall/testkit';
import { loadStream } from '@scall/datasets';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionToPlan, createFixedActionSearcher, mapShape } from '../src/index.js';

const allocator = createScallAllocator({ distribution: powerLaw });

describeSearcher('fixed-action', () => createFixedActionSearcher({ distribution: powerLaw, allocator, action: [0.3, 0.2, 0.7] }));

let segments: StreamSegment[];
beforeAll(async () => {
  const stream = await loadStream({
    source: { format: 'synthetic', users: 150, items: 80, rows: 2500, topics: 4, seed: 9 },
    segmenter: { kind: 'new-entities', threshold: 60 },
    seed: 9,
  });
  segments = [stream.segment(0), stream.segment(1)];
});

const context = (segment: StreamSegment, withPrevious: boolean): SearchContext => ({
  segment,
  previous: withPrevious
    ? { segment: segments[0], deployed: createMockRecommender(), plan: { userSizes: new Int32Array(0), itemSizes: new Int32Array(0), minSize: 1, maxSize: 16, budgetParameters: 0 }, referenceFitness: 0.1 }
    : undefined,
  budget: { kind: 'mean-size', meanSize: 6 },
  minSize: 1,
  maxSize: 16,
  rng: createRng(1),
  createRecommender: () => createMockRecommender(),
  evaluate: () => Promise.reject(new Error('fixed-action must not evaluate')),
  emit: () => {
    throw new Error('fixed-action must not emit policy steps');
  },
});

describe('fixed-action searcher', () => {
  it('plans uniform sizes at t = 0 and the constant action through the allocator afterwards', async () => {
    const searcher = createFixedActionSearcher({ distribution: powerLaw, allocator });
    const p0 = await searcher.plan(context(segments[0], false));
    expect(new Set(p0.userSizes).size).toBe(1);
    const s1 = segments[1];
    const p1 = await searcher.plan(context(s1, true));
    assertPlanWithinBudget(p1);
    expect(p1.action).toEqual([0.5, 0.5, 0.5]);
    const P = budgetParameters({ kind: 'mean-size', meanSize: 6 }, s1.numUsers, s1.numItems);
    const expected = actionToPlan([0.5, 0.5, 0.5], { userFrequencies: s1.userFrequencies, itemFrequencies: s1.itemFrequencies, budgetParameters: P, minSize: 1, maxSize: 16 }, powerLaw, allocator).plan;
    expect(Array.from(p1.userSizes)).toEqual(Array.from(expected.userSizes));
    expect(Array.from(p1.itemSizes)).toEqual(Array.from(expected.itemSizes));
  });

  it('uses its action option and shape mapping, and plans from t = 0 with warmUp "action"', async () => {
    const searcher = createFixedActionSearcher({ distribution: powerLaw, allocator, action: [0.7, 0.01, 0.9], shapeMapping: 'log', warmUp: 'action' });
    const p0 = await searcher.plan(context(segments[0], false));
    expect(p0.action).toEqual([0.7, 0.01, 0.9]);
    const users = p0.userSizes.reduce((a, b) => a + b, 0);
    const items = p0.itemSizes.reduce((a, b) => a + b, 0);
    expect(users).toBeGreaterThan(items * 0.7); // rho 0.7 of the budget to users (within rounding and bounds)
    expect(mapShape(powerLaw, 0.01, 'log')).toBeLessThan(mapShape(powerLaw, 0.01, 'linear'));
  });

  it('rejects bad options with a clear error', () => {
    expect(() => createFixedActionSearcher({ distribution: powerLaw, allocator, action: [0.5, 0.5] })).toThrow(/three numbers in \[0, 1\]/);
    expect(() => createFixedActionSearcher({ distribution: powerLaw, allocator, action: [0.5, 1.5, 0.5] })).toThrow(/action must be/);
    expect(() => createFixedActionSearcher({ distribution: powerLaw, allocator, warmUp: 'none' as never })).toThrow(/warmUp/);
    expect(() => createFixedActionSearcher({ distribution: powerLaw, allocator, acton: [0.5, 0.5, 0.5] } as never)).toThrow(/unknown option "acton"/);
    expect(() => createFixedActionSearcher({ distribution: { ...powerLaw, shapeRange: [0, 2] }, allocator, shapeMapping: 'log' })).toThrow(/0 < lo < hi/);
  });
});

describe('shape mapping', () => {
  it('log maps the ends exactly, is increasing, and is geometric in between', () => {
    expect(mapShape(powerLaw, 0, 'log')).toBe(powerLaw.shapeRange[0]);
    expect(mapShape(powerLaw, 1, 'log')).toBe(powerLaw.shapeRange[1]);
    const [lo, hi] = powerLaw.shapeRange;
    expect(mapShape(powerLaw, 0.5, 'log')).toBeCloseTo(Math.sqrt(lo * hi), 9);
    let last = -Infinity;
    for (let u = 0; u <= 1; u += 0.05) {
      const s = mapShape(powerLaw, u, 'log');
      expect(s).toBeGreaterThan(last);
      last = s;
    }
    expect(mapShape(powerLaw, 0.5, 'linear')).toBeCloseTo((lo + hi) / 2, 9);
    expect(mapShape(powerLaw, -1, 'log')).toBe(lo);
  });
});
