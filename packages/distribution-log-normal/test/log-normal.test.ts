import { expectedOrderStatistics } from '@scall/plugin-utils';
import { describeSizeDistribution } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createLogNormal, logNormal, logNormalQuantiles } from '../src/index.js';

describeSizeDistribution('log-normal', () => createLogNormal());

describe('log-normal expected order statistics', () => {
  it('gives the larger of two draws E[max] / E[sum] = Φ(σ / √2)', () => {
    // Φ(1/√2) = 0.760249938..., Φ(2/√2) = 0.921350396...
    expect(logNormal.expectedProportions(2, 1)[0]).toBeCloseTo(0.7602499389, 6);
    expect(logNormal.expectedProportions(2, 2)[0]).toBeCloseTo(0.9213503964, 6);
  });

  it('averages to the mean exp(σ²/2) across all ranks (quadrature tails + expansion middle)', () => {
    for (const [n, sigma] of [
      [40, 0.5],
      [100_000, 1],
      [100_000, 2],
    ] as const) {
      const e = expectedOrderStatistics(n, logNormalQuantiles(sigma));
      let sum = 0;
      for (const x of e) sum += x;
      expect(sum / n / Math.exp((sigma * sigma) / 2)).toBeCloseTo(1, 3);
    }
  });
});
