import { expectedOrderStatistics, normalCdf, normalDensity } from '@scall/plugin-utils';
import { describeSizeDistribution } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createShiftedNormal, shiftedNormalQuantiles } from '../src/index.js';

describeSizeDistribution('shifted-normal', () => createShiftedNormal(), { largeSize: 100_000 });

describe('shifted normal', () => {
  it('averages to the truncated mean μ + φ(μ) / Φ(μ) across all ranks', () => {
    for (const [n, mean] of [
      [40, 0],
      [5000, 0],
      [5000, 1.5],
      [5000, 20],
    ] as const) {
      const e = expectedOrderStatistics(n, shiftedNormalQuantiles(mean));
      let sum = 0;
      for (const x of e) sum += x;
      expect(sum / n / (mean + normalDensity(mean) / normalCdf(mean))).toBeCloseTo(1, 3);
    }
  });

  it('is more skewed for a smaller mean', () => {
    const normal = createShiftedNormal();
    const top = (shape: number) => normal.expectedProportions(1000, shape)[0];
    expect(top(0)).toBeGreaterThan(top(2));
    expect(top(2)).toBeGreaterThan(top(20));
    expect(top(20) * 1000).toBeLessThan(1.3);
  });

  it('rejects a bad shape range, naming the option', () => {
    expect(() => createShiftedNormal({ shapeRange: [-1, 2] })).toThrow(/shapeRange/);
  });
});
