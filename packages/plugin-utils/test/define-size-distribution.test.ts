import { createRng } from '@scall/rng';
import { describe, expect, it } from 'vitest';
import { defineSizeDistribution, gammaRatios, shapeRangeOption, shapeRangeSetting } from '../src/index.js';

// The uniform distribution on [0, 1] with a fixed shape: E[k-th largest of n] = (n + 1 - k) / (n + 1).
const linear = defineSizeDistribution({
  name: 'linear',
  shapeRange: [1, 2],
  skew: 'decreasing',
  expected: (n) => Float64Array.from({ length: n }, (_, j) => n - j),
  draw: () => (rng) => rng.next(),
});

describe('defineSizeDistribution', () => {
  it('fills the contract from the mathematics', () => {
    expect(linear).toMatchObject({ specificationVersion: 'v1', name: 'linear', shapeRange: [1, 2], skewDirection: 'decreasing' });
    expect(Array.from(linear.expectedProportions(3, 1.5))).toEqual([3 / 6, 2 / 6, 1 / 6]);
    expect(Array.from(linear.expectedProportions(1, 1))).toEqual([1]);
  });

  it('samples with the given RNG only: sorted, normalised, reproducible', () => {
    const a = linear.sampleProportions(50, 1, createRng(4));
    const b = linear.sampleProportions(50, 1, createRng(4));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(a.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeLessThanOrEqual(a[i - 1]);
    expect(Array.from(linear.sampleProportions(1, 1, createRng(4)))).toEqual([1]);
  });

  it('checks n and shape on every call, naming the distribution and method', () => {
    expect(() => linear.expectedProportions(0, 1)).toThrow('linear.expectedProportions: n must be an integer >= 1 (got 0)');
    expect(() => linear.sampleProportions(3, 3, createRng(1))).toThrow('linear.sampleProportions: shape 3 is outside the shape range [1, 2]');
  });
});

describe('shapeRangeOption', () => {
  it('returns the range or the fallback, and names the rule it breaks', () => {
    expect(shapeRangeOption('f', undefined, [0.1, 30], { lowest: 0 })).toEqual([0.1, 30]);
    expect(shapeRangeOption('f', [0, 1], [0, 1], { lowest: 0, inclusive: true, highest: 1 })).toEqual([0, 1]);
    expect(() => shapeRangeOption('createX', [0, 1], [1, 2], { lowest: 0 })).toThrow('createX: option shapeRange must be [min, max] with 0 < min <= max < Infinity (got [0, 1])');
    expect(() => shapeRangeOption('createU', [0, 2], [0, 1], { lowest: 0, inclusive: true, highest: 1 })).toThrow('createU: option shapeRange must be [min, max] with 0 <= min <= max <= 1 (got [0, 2])');
    expect(() => shapeRangeOption('f', [3, 2], [1, 2], { lowest: 1 })).toThrow(/1 < min <= max/);
  });
});

describe('gammaRatios and shapeRangeSetting', () => {
  it('computes Γ(k + a) / (Γ(k) Γ(1 + a)) by recursion', () => {
    expect(Array.from(gammaRatios(4, 1))).toEqual([1, 2, 3, 4]);
    expect(Array.from(gammaRatios(3, -0.5))).toEqual([1, 0.5, 0.375]);
  });
  it('rejects unknown settings before checking the range', () => {
    expect(() => shapeRangeSetting('createX', { shaperange: [1, 2] } as never, [1, 2], { lowest: 0 })).toThrow('createX: unknown option "shaperange" (did you mean "shapeRange"?); known: shapeRange');
    expect(shapeRangeSetting('createX', {}, [1, 2], { lowest: 0 })).toEqual([1, 2]);
  });
});
