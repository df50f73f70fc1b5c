import { describeSizeDistribution } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createPareto, pareto } from '../src/index.js';

describeSizeDistribution('pareto', () => createPareto());

describe('Pareto expected proportions', () => {
  it('gives the smallest entity E[min] / E[sum] = (b - 1) / (n b - 1) (the minimum of n draws is Pareto(n b))', () => {
    for (const [n, b] of [
      [2, 30],
      [7, 45],
      [1000, 100],
    ] as const) {
      const p = pareto.expectedProportions(n, b);
      expect(p[n - 1]).toBeCloseTo((b - 1) / (n * b - 1), 12);
    }
  });

  it('has E[X_(2)] / E[X_(1)] = 1 - 1/b', () => {
    const p = pareto.expectedProportions(50, 40);
    expect(p[1] / p[0]).toBeCloseTo(1 - 1 / 40, 12);
  });

  it('requires shapes above 1', () => {
    expect(() => createPareto({ shapeRange: [1, 10] })).toThrow(/shapeRange/);
  });
});
