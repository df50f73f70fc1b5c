import { logNormal } from '@scall/distribution-log-normal';
import { pareto } from '@scall/distribution-pareto';
import { powerLaw } from '@scall/distribution-power-law';
import { truncatedExponential } from '@scall/distribution-truncated-exponential';
import { truncatedNormal } from '@scall/distribution-truncated-normal';
import { uniform } from '@scall/distribution-uniform';
import { createRng } from '@scall/rng';
import { planParameters } from '@scall/spec';
import { describe, expect, it } from 'vitest';
import {
  assignByFrequencyRank,
  createFrequencyHeuristicAllocator,
  createRandomAllocator,
  createScallAllocator,
  createUniformAllocator,
  InsufficientBudgetError,
  rankByFrequency,
  sizesFromProportions,
  splitBudget,
} from '../src/index.js';

describe('sizesFromProportions', () => {
  it('water-fills into the bounds and rounds by largest remainder', () => {
    // λ solves 50 + λ(0.3 + 0.1) = 100 → 125: raw 37.5 and 12.5; tie goes to the higher rank.
    expect(Array.from(sizesFromProportions(Float64Array.of(0.6, 0.3, 0.1), 100, { minSize: 1, maxSize: 50 }))).toEqual([50, 38, 12]);
    expect(Array.from(sizesFromProportions([0.5, 0.5], 7, { minSize: 1, maxSize: 10 }))).toEqual([4, 3]);
    expect(Array.from(sizesFromProportions([1, 0, 0], 10, { minSize: 2, maxSize: 5 }))).toEqual([5, 3, 2]);
    expect(Array.from(sizesFromProportions([1, 0.5], 100, { minSize: 1, maxSize: 8 }))).toEqual([8, 8]);
  });

  it('states the shortfall when the budget is below MIN × n', () => {
    expect(() => sizesFromProportions([0.5, 0.5], 5, { minSize: 3, maxSize: 8 })).toThrow(/short by 1 parameters/);
    expect(() => sizesFromProportions([0.5, 0.5], 5, { minSize: 3, maxSize: 8 })).toThrow(InsufficientBudgetError);
  });
});

describe('frequency rank', () => {
  it('puts the most frequent first, ties by ascending id, cold entities last', () => {
    expect(Array.from(rankByFrequency([3, 0, 5, 3]))).toEqual([2, 0, 3, 1]);
    expect(Array.from(rankByFrequency([0.5, 2.25, 0, 2.25]))).toEqual([1, 3, 0, 2]);
    expect(Array.from(assignByFrequencyRank([8, 4, 2], [0, 7, 3]))).toEqual([2, 8, 4]);
  });

  it('rejects negative frequencies naming the entity', () => {
    expect(() => rankByFrequency([1, -2])).toThrow(/frequency 1 is -2/);
  });
});

describe('splitBudget', () => {
  it('gives users floor(rho × budget) when feasible and clamps otherwise', () => {
    const population = { nUsers: 10, nItems: 10, minSize: 1, maxSize: 256 };
    expect(splitBudget(1000, 0.3, population)).toEqual({ userBudget: 300, itemBudget: 700 });
    expect(splitBudget(1000, 0, population)).toEqual({ userBudget: 10, itemBudget: 990 });
    expect(splitBudget(4000, 0.9, population)).toEqual({ userBudget: 2560, itemBudget: 1440 });
  });
});

describe('SCALL allocator', () => {
  const freqs = (n: number, seed: number) => {
    const rng = createRng(seed);
    return Int32Array.from({ length: n }, () => (rng.next() < 0.2 ? 0 : 1 + Math.floor(50 * rng.next() ** 3)));
  };

  it('uses the whole budget exactly and gives the most frequent entity the largest size', () => {
    const userFrequencies = freqs(943, 1);
    const itemFrequencies = freqs(1682, 2);
    const plan = createScallAllocator({ distribution: powerLaw }).allocate({
      budgetParameters: 32 * (943 + 1682),
      userFrequencies,
      itemFrequencies,
      userShare: 0.4,
      userShape: 0.5,
      itemShape: 3,
      minSize: 1,
      maxSize: 256,
    });
    expect(planParameters(plan)).toBe(32 * (943 + 1682));
    const userTotal = plan.userSizes.reduce((a, b) => a + b, 0);
    expect(userTotal).toBe(Math.floor(0.4 * 32 * (943 + 1682)));
    const top = rankByFrequency(userFrequencies)[0];
    expect(plan.userSizes[top]).toBe(Math.max(...plan.userSizes));
  });

  it('throws naming the shortfall', () => {
    const allocator = createScallAllocator({ distribution: powerLaw });
    expect(() => allocator.allocate({ budgetParameters: 15, userFrequencies: [1, 2], itemFrequencies: [3, 4], minSize: 4, maxSize: 8 })).toThrow(
      /short by 1 parameters/,
    );
  });

  it('needs an rng only for sampled proportions or random sizes', () => {
    const request = { budgetParameters: 40, userFrequencies: [1, 2], itemFrequencies: [3, 4], minSize: 1, maxSize: 32 };
    expect(() => createScallAllocator({ distribution: powerLaw, proportions: 'sampled' }).allocate(request)).toThrow(/rng/);
    expect(() => createRandomAllocator().allocate(request)).toThrow(/rng/);
  });

  // The allocation's skew (top-1% share of the budget) must move monotonically with the shape.
  for (const distribution of [powerLaw, pareto, uniform, truncatedNormal, logNormal, truncatedExponential]) {
    it(`moves the top-1% budget share monotonically with the ${distribution.name} shape (${distribution.skewDirection})`, () => {
      const n = 200_000;
      const frequencies = new Int32Array(n).map((_, i) => n - i);
      const allocator = createScallAllocator({ distribution });
      const [lo, hi] = distribution.shapeRange;
      const shares = Array.from({ length: 9 }, (_, i) => {
        const shape = lo + (i / 8) * (hi - lo);
        const plan = allocator.allocate({ budgetParameters: 32 * n, userFrequencies: frequencies, itemFrequencies: [], userShape: shape, minSize: 1, maxSize: 256 });
        let top = 0;
        for (let e = 0; e < n / 100; e++) top += plan.userSizes[e];
        return top / (32 * n);
      });
      const sign = distribution.skewDirection === 'increasing' ? 1 : -1;
      for (let i = 1; i < shares.length; i++) expect(sign * (shares[i] - shares[i - 1]), `shares ${shares.join(', ')}`).toBeGreaterThanOrEqual(0);
      expect(sign * (shares[8] - shares[0])).toBeGreaterThan(0);
    });
  }
});

describe('baselines', () => {
  const request = { budgetParameters: 100, userFrequencies: [0, 9, 3], itemFrequencies: [1, 1, 5, 0, 2], minSize: 2, maxSize: 64 };

  it('uniform: equal sizes up to one unit, the extra units to the most frequent', () => {
    const plan = createUniformAllocator().allocate(request); // split 37 / 63
    expect(Array.from(plan.userSizes)).toEqual([12, 13, 12]);
    expect(Array.from(plan.itemSizes)).toEqual([13, 12, 13, 12, 13]);
  });

  it('frequency heuristic: beta = 0 is uniform, beta = 1 follows frequency', () => {
    const flat = createFrequencyHeuristicAllocator({ beta: 0 }).allocate({ ...request, userFrequencies: [4, 9, 3] });
    expect(Math.max(...flat.userSizes) - Math.min(...flat.userSizes)).toBeLessThanOrEqual(1);
    const plan = createFrequencyHeuristicAllocator({ beta: 1 }).allocate({ ...request, userShare: 0.5 });
    expect(Array.from(plan.userSizes)).toEqual([2, 36, 12]); // 50 = 2 (cold, MIN) + 48 split 9 : 3
  });

  it('random: same seed same plan, another seed another plan, budget-exact', () => {
    const big = { ...request, budgetParameters: 5000, userFrequencies: new Array(60).fill(1), itemFrequencies: new Array(40).fill(1), maxSize: 256 };
    const a = createRandomAllocator().allocate({ ...big, rng: createRng(1) });
    const b = createRandomAllocator().allocate({ ...big, rng: createRng(1) });
    const c = createRandomAllocator().allocate({ ...big, rng: createRng(2) });
    expect(Array.from(b.userSizes)).toEqual(Array.from(a.userSizes));
    expect(Array.from(c.userSizes)).not.toEqual(Array.from(a.userSizes));
    expect(planParameters(a)).toBe(5000);
  });
});
