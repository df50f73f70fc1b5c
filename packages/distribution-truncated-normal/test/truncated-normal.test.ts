import { expectedOrderStatistics } from '@scall/plugin-utils';
import { describeSizeDistribution } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createTruncatedNormal, truncatedNormalQuantiles } from '../src/index.js';

describeSizeDistribution('truncated-normal', () => createTruncatedNormal());

describe('truncated normal expected order statistics', () => {
  it('averages to the truncated mean when the cut at 0 bites (n σ = 1, α = -1)', () => {
    // E[Y | Y > -1] - (-1) = φ(1) / Φ(1) + 1 = 0.241970725 / 0.841344746 + 1
    const n = 100_000;
    const e = expectedOrderStatistics(n, truncatedNormalQuantiles(n, 1e-5));
    let sum = 0;
    for (const x of e) sum += x;
    expect(sum / n).toBeCloseTo(0.241970725 / 0.841344746 + 1, 5);
  });

  it('gives the normal extreme E[max of 2] = 1/√π above the mean when truncation is negligible', () => {
    const e = expectedOrderStatistics(2, truncatedNormalQuantiles(2, 1e-6)); // α = -5e5
    expect(e[0] - e[1]).toBeCloseTo(2 / Math.sqrt(Math.PI), 6);
  });
});
