import { describe, expect, it } from 'vitest';
import { assertKnownOptions, closest, editDistance, listPlugins, normalCdf, normalDensity, normalQuantile, registerPlugin, registerPlugins, resolvePlugin } from '../src/index.js';

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
  it('accepts known keys and names an unknown one with a suggestion', () => {
    expect(() => assertKnownOptions('f', { a: 1 }, ['a', 'batchSize'])).not.toThrow();
    expect(() => assertKnownOptions('f', undefined, ['a'])).not.toThrow();
    expect(() => assertKnownOptions('createX', { batchsize: 1 }, ['batchSize', 'layers'])).toThrow('createX: unknown option "batchsize" (did you mean "batchSize"?); known: batchSize, layers');
  });
});

describe('standard normal helpers', () => {
  it('match known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7); // the approximation is accurate to about 1e-7
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalDensity(0)).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 12);
  });
});

describe('edit distance and manifests', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
  it('registers a manifest and rejects an unknown family', () => {
    const factory = () => ({ specificationVersion: 'v1' as const, name: 'manifest-searcher', plan: async () => { throw new Error('unused'); }, snapshot: () => ({ kind: 'x', meta: {}, arrays: {} }), restore: () => {}, dispose: () => {} });
    expect(registerPlugins({ searcher: { 'manifest-searcher': factory } })).toEqual(['searcher/manifest-searcher']);
    expect(listPlugins('searcher')).toContain('manifest-searcher');
    expect(() => registerPlugins({ nonsense: {} } as never)).toThrow(/Unknown plug-in family "nonsense"/);
  });
});
