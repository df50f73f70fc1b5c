import { expectedOrderStatistics } from '@scall/plugin-utils';
import { describeSizeDistribution } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createTruncatedExponential, truncatedExponentialQuantiles } from '../src/index.js';

describeSizeDistribution('truncated-exponential', () => createTruncatedExponential());

describe('truncated exponential expected order statistics', () => {
  it('averages to the mean 1 - b e^-b / (1 - e^-b) across all ranks', () => {
    for (const [n, b] of [
      [10, 0.5],
      [50, 3],
      [200_000, 10],
    ] as const) {
      const e = expectedOrderStatistics(n, truncatedExponentialQuantiles(b));
      let sum = 0;
      for (const x of e) sum += x;
      expect(sum / n).toBeCloseTo(1 - (b * Math.exp(-b)) / -Math.expm1(-b), 6);
    }
  });

  it('matches the exponential minimum E[min of n] = 1/n when the cut-off is far away', () => {
    const e = expectedOrderStatistics(1000, truncatedExponentialQuantiles(40));
    expect(e[999] * 1000).toBeCloseTo(1, 8);
    // E[max of n] = H_n for the untruncated exponential
    let harmonic = 0;
    for (let i = 1; i <= 1000; i++) harmonic += 1 / i;
    expect(e[0]).toBeCloseTo(harmonic, 6);
  });
});
