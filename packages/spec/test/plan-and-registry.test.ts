import { describe, expect, it } from 'vitest';
import { assertPlanWithinBudget, closest, listPlugins, planParameters, registerPlugin, resolvePlugin, shapeFromUnit } from '../src/index.js';

const plan = (users: number[], items: number[], budget: number) => ({
  userSizes: Int32Array.from(users),
  itemSizes: Int32Array.from(items),
  minSize: 1,
  maxSize: 8,
  budgetParameters: budget,
});

describe('size plans', () => {
  it('counts parameters and accepts a plan within budget', () => {
    expect(planParameters(plan([1, 2], [3], 10))).toBe(6);
    expect(assertPlanWithinBudget(plan([8, 1], [1], 10))).toBe(10);
  });
  it('names the overshoot and the out-of-range entity', () => {
    expect(() => assertPlanWithinBudget(plan([8, 2], [1], 10))).toThrow(/over its budget of 10 by 1/);
    expect(() => assertPlanWithinBudget(plan([1], [9], 100))).toThrow(/item 0 has size 9, outside \[1, 8\]/);
    expect(() => assertPlanWithinBudget(plan([0], [1], 100))).toThrow(/user 0 has size 0/);
  });
  it('maps unit actions onto a shape range, clamping', () => {
    expect(shapeFromUnit({ shapeRange: [0.1, 30] }, 0)).toBe(0.1);
    expect(shapeFromUnit({ shapeRange: [0.1, 30] }, 1)).toBe(30);
    expect(shapeFromUnit({ shapeRange: [30, 100] }, 2)).toBe(100);
  });
});

describe('registry', () => {
  it('resolves registered plug-ins and suggests the closest name otherwise', () => {
    const factory = () => ({ specificationVersion: 'v1' as const, name: 'test-dist', shapeRange: [0, 1] as const, skewDirection: 'decreasing' as const, expectedProportions: (n: number) => new Float64Array(n).fill(1 / n), sampleProportions: (n: number) => new Float64Array(n).fill(1 / n) });
    registerPlugin('distribution', 'test-dist', factory);
    expect(resolvePlugin('distribution', 'test-dist')).toBe(factory);
    expect(listPlugins('distribution')).toContain('test-dist');
    expect(() => resolvePlugin('distribution', 'tset-dist')).toThrow(/Did you mean "test-dist"/);
    expect(() => resolvePlugin('searcher', 'nothing')).toThrow(/No searcher named "nothing"/);
    expect(closest('power-lw', ['power-law', 'pareto'])).toBe('power-law');
    expect(closest('zzzzzz', ['power-law'])).toBeUndefined();
  });
  it('shares one store across copies of the package through globalThis', () => {
    const key = Symbol.for('@scall/spec/registry/v1');
    const store = (globalThis as unknown as Record<symbol, { distribution: Map<string, unknown> }>)[key];
    expect(store.distribution.has('test-dist')).toBe(true);
  });
});

describe('assertKnownOptions', () => {
  it('accepts known keys and names an unknown one with a suggestion', async () => {
    const { assertKnownOptions } = await import('../src/index.js');
    expect(() => assertKnownOptions('f', { a: 1 }, ['a', 'batchSize'])).not.toThrow();
    expect(() => assertKnownOptions('f', undefined, ['a'])).not.toThrow();
    expect(() => assertKnownOptions('createX', { batchsize: 1 }, ['batchSize', 'layers'])).toThrow('createX: unknown option "batchsize" (did you mean "batchSize"?); known: batchSize, layers');
  });
});

describe('standard normal helpers', () => {
  it('match known values', async () => {
    const { normalCdf, normalDensity, normalQuantile } = await import('../src/index.js');
    expect(normalCdf(0)).toBeCloseTo(0.5, 7); // the approximation is accurate to about 1e-7
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalDensity(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
  });
});
