import { describeSizeDistribution } from '@scall/testkit';
import { describe, expect, it } from 'vitest';
import { createUniform, uniform } from '../src/index.js';

describeSizeDistribution('uniform', () => createUniform());

describe('uniform expected proportions', () => {
  it('is flat for w = 0 and a linear ramp for w = 1', () => {
    expect(Array.from(uniform.expectedProportions(4, 0))).toEqual([0.25, 0.25, 0.25, 0.25]);
    const p = uniform.expectedProportions(3, 1); // U[0, 2]: E = 1.5, 1, 0.5
    [0.5, 1 / 3, 1 / 6].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 14));
  });

  it('rejects half-widths above 1', () => {
    expect(() => createUniform({ shapeRange: [0, 2] })).toThrow(/shapeRange/);
  });
});
