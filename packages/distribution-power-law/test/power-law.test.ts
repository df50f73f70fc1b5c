import { describeSizeDistribution } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createPowerLaw, powerLaw } from '../src/index.js';

describeSizeDistribution('power-law', () => createPowerLaw());

describe('power law expected proportions', () => {
  it('is the uniform ramp for a = 1 (E[U_(k)] = k / (n + 1))', () => {
    const p = powerLaw.expectedProportions(3, 1);
    [3 / 6, 2 / 6, 1 / 6].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 14));
  });

  it('matches E[U_(k)^2] = k(k + 1) / ((n + 1)(n + 2)) for a = 0.5', () => {
    // n = 4: k(k+1) for k = 4..1 is 20, 12, 6, 2 (sum 40)
    const p = powerLaw.expectedProportions(4, 0.5);
    [20 / 40, 12 / 40, 6 / 40, 2 / 40].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 14));
  });

  it('switches to the log domain for extreme exponents without overflow', () => {
    const wide = createPowerLaw({ shapeRange: [0.001, 1] });
    const p = wide.expectedProportions(2, 0.001); // ratio (1 + 1000) : 1
    expect(p[0]).toBeCloseTo(1001 / 1002, 12);
    const big = wide.expectedProportions(100_000, 0.001);
    expect(big.every((x) => Number.isFinite(x))).toBe(true);
    expect(big[0]).toBeGreaterThan(big[1]);
  });

  it('rejects a bad shape range naming the option', () => {
    expect(() => createPowerLaw({ shapeRange: [0, 1] })).toThrow(/shapeRange/);
  });
});
