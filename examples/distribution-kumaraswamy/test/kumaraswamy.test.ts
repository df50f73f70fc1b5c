import { createScallAllocator } from '@scall/allocators';
import { createRng } from '@scall/rng';
import { expectedOrderStatistics } from '@scall/plugin-utils';
import { assertPlanWithinBudget } from '@scall/spec';
import { describeBudgetAllocator, describeSizeDistribution } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createKumaraswamy, kumaraswamy, kumaraswamyQuantiles } from '../src/index.js';

describeSizeDistribution('kumaraswamy', () => createKumaraswamy());

// The third-party distribution plugged into SCALL's allocator through the contracts only.
describeBudgetAllocator('scall + kumaraswamy', () => createScallAllocator({ distribution: kumaraswamy }), {
  shapeRange: kumaraswamy.shapeRange,
  numRuns: 500,
  largeRuns: 1,
});

describe('kumaraswamy', () => {
  it('reduces to the power law for b = 1 (E[U_(k)] = k / (n + 1) at a = 1)', () => {
    const e = expectedOrderStatistics(5, kumaraswamyQuantiles(1, 1));
    [5 / 6, 4 / 6, 3 / 6, 2 / 6, 1 / 6].forEach((v, i) => expect(e[i]).toBeCloseTo(v, 8));
  });

  it('has mean b B(1 + 1/a, b) across all ranks', () => {
    // a = 2, b = 3: b Γ(1.5) Γ(3) / Γ(4.5) = 3 · 0.886227 · 2 / 11.631728 = 0.457143
    const e = expectedOrderStatistics(10_000, kumaraswamyQuantiles(2, 3));
    let sum = 0;
    for (const x of e) sum += x;
    expect(sum / 10_000).toBeCloseTo(0.4571429, 5);
  });

  it('gives SCALL sizes that fit the budget exactly', () => {
    const rng = createRng(3);
    const userFrequencies = Int32Array.from({ length: 5000 }, () => rng.nextInt(40));
    const itemFrequencies = Int32Array.from({ length: 8000 }, () => rng.nextInt(40));
    const plan = createScallAllocator({ distribution: kumaraswamy }).allocate({
      budgetParameters: 16 * 13_000,
      userFrequencies,
      itemFrequencies,
      userShare: 0.35,
      userShape: 0.4,
      itemShape: 2,
      minSize: 1,
      maxSize: 256,
    });
    expect(assertPlanWithinBudget(plan)).toBe(16 * 13_000);
  });
});
