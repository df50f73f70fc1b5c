import { createRng } from '@scall/rng';
import { describe, expect, it } from 'vitest';
import { entityQuality, entityStates, projectSizes, qualityRatio, randomWalk } from '../src/index.js';

const sum = (a: Int32Array) => a.reduce((s, x) => s + x, 0);

describe('projectSizes', () => {
  it('scales onto the budget and rounds by largest remainder', () => {
    expect(Array.from(projectSizes([10, 30, 60], 50, 1, 64, 'fill'))).toEqual([5, 15, 30]);
    // 100 / 3 each: one unit of remainder goes to the first of the tied entities.
    expect(Array.from(projectSizes([7, 7, 7], 100, 1, 64, 'fill'))).toEqual([34, 33, 33]);
  });

  it('never exceeds the budget, stays in [MIN, MAX], fills it and keeps the order of proposals', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.nextInt(60);
      const [minSize, maxSize] = [1 + rng.nextInt(3), 8 + rng.nextInt(120)];
      const proposals = Float64Array.from({ length: n }, () => 0.5 + rng.next() * 200);
      const budget = n * minSize + rng.nextInt(n * (maxSize - minSize) + 20);
      for (const mode of ['fill', 'cap'] as const) {
        const sizes = projectSizes(proposals, budget, minSize, maxSize, mode);
        expect(sizes.length).toBe(n);
        expect(sum(sizes)).toBeLessThanOrEqual(budget);
        expect(Math.min(...sizes)).toBeGreaterThanOrEqual(minSize);
        expect(Math.max(...sizes)).toBeLessThanOrEqual(maxSize);
        if (mode === 'fill') expect(sum(sizes)).toBe(Math.min(budget, n * maxSize));
        const order = Array.from({ length: n }, (_, e) => e).sort((a, b) => proposals[a] - proposals[b]);
        const inversions = order.filter((e, r) => r > 0 && sizes[e] < sizes[order[r - 1]]).length;
        expect(inversions).toBe(0);
      }
    }
  });

  it('only rounds proposals within the budget in cap mode', () => {
    expect(Array.from(projectSizes([2.4, 3.6, 10], 100, 1, 64, 'cap'))).toEqual([2, 4, 10]);
    expect(sum(projectSizes([60, 60, 60], 90, 1, 64, 'cap'))).toBe(90);
  });

  it('rejects a budget below MIN x population and bad proposals', () => {
    expect(() => projectSizes([1, 2, 3], 5, 2, 8)).toThrow(/below MIN x population = 2 x 3 = 6/);
    expect(() => projectSizes([1, Number.NaN], 50, 1, 8)).toThrow(/proposal 1/);
  });
});

describe('randomWalk', () => {
  it('starts at the rounded proposal and steps to linked sizes within bounds', () => {
    const rng = createRng(2);
    for (let trial = 0; trial < 100; trial++) {
      const walk = randomWalk(1 + rng.next() * 20, 5, 5, 1, 20, rng);
      expect(walk.length).toBe(6);
      for (let s = 1; s < walk.length; s++) {
        const d = Math.abs(walk[s] - walk[s - 1]);
        expect(d).toBeGreaterThanOrEqual(1);
        expect(d).toBeLessThanOrEqual(5);
        expect(walk[s]).toBeGreaterThanOrEqual(1);
        expect(walk[s]).toBeLessThanOrEqual(20);
      }
    }
    expect(randomWalk(0.2, 0, 5, 1, 20, rng)[0]).toBe(1);
    expect(randomWalk(99, 0, 5, 1, 20, rng)[0]).toBe(20);
  });

  it('prefers near sizes, with probability proportional to 1 / distance', () => {
    const rng = createRng(3);
    const counts = new Array<number>(6).fill(0);
    for (let trial = 0; trial < 4000; trial++) counts[Math.abs(randomWalk(64, 1, 5, 1, 128, rng)[1] - 64)] += 1;
    // Expected shares 1 : 1/2 : 1/3 : 1/4 : 1/5 of 2.283: about 1752, 876, 584, 438, 350.
    expect(counts[1] / counts[5]).toBeGreaterThan(4);
    expect(counts[1] / counts[5]).toBeLessThan(6);
    expect(counts[2] / counts[4]).toBeGreaterThan(1.6);
  });

  it('is reproducible from the same generator state', () => {
    expect(randomWalk(30, 5, 5, 1, 128, createRng(4))).toEqual(randomWalk(30, 5, 5, 1, 128, createRng(4)));
  });
});

describe('entity quality and states', () => {
  const perUser = {
    users: Int32Array.of(0, 2, 3),
    relevant: Int32Array.of(2, 1, 0),
    metrics: { recall: { 5: [0.5, 1, 0] }, ndcg: { 5: [0.3, 0.6, 0] } },
  };
  const split = { users: Int32Array.of(0, 0, 2, 3, 2), items: Int32Array.of(1, 2, 1, 0, 1), timestamps: new Float64Array(5), length: 5 };

  it('averages Recall and NDCG per user and over a item\'s evaluated users', () => {
    const q = entityQuality(perUser, split, 4, 3, [5]);
    expect(q.users[0]).toBeCloseTo(0.4);
    expect(q.users[2]).toBeCloseTo(0.8);
    expect(Number.isNaN(q.users[1])).toBe(true); // not evaluated
    expect(Number.isNaN(q.users[3])).toBe(true); // nothing relevant
    expect(q.items[1]).toBeCloseTo(0.6); // users 0 and 2 (user 2's repeated row counts once)
    expect(q.items[2]).toBeCloseTo(0.4);
    expect(Number.isNaN(q.items[0])).toBe(true); // only user 3, who has no quality
    expect(() => entityQuality(perUser, split, 4, 3, [10])).toThrow(/recall@10/);
  });

  it('relates quality to a reference, capped', () => {
    const r = qualityRatio(Float64Array.of(0.2, 0.9, 0, 0.3, Number.NaN), Float64Array.of(0.4, 0.3, 0, 0, 0.5), 2);
    expect(Array.from(r.subarray(0, 4))).toEqual([0.5, 2, 1, 2]);
    expect(Number.isNaN(r[4])).toBe(true);
  });

  it('builds states in [-1, 1]: frequency, size and quality', () => {
    const s = entityStates([0, 5, 10], [1, 64, 128], [0, Number.NaN, 2], 1, 128, 2);
    expect(Array.from(s)).toEqual([-1, -1, -1, 0, expect.closeTo(2 * 63 / 127 - 1, 6), 0, 1, 1, 1].map((x) => (typeof x === 'number' ? Math.fround(x) : x)));
  });
});
