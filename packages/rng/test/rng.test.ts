import { describe, expect, it } from 'vitest';
import { createRng, fillNormal, normal, restoreRng, shuffle } from '../src/index.js';

describe('createRng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('draws floats in [0,1) and integers in [0,n)', () => {
    const rng = createRng(1);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = rng.nextInt(7);
      expect(Number.isInteger(k) && k >= 0 && k < 7).toBe(true);
    }
    expect(() => rng.nextInt(0)).toThrow(/integer n/);
  });

  it('restores from a saved state and continues identically', () => {
    const rng = createRng(3);
    rng.next();
    const state = JSON.parse(JSON.stringify(rng.getState()));
    const expected = [rng.next(), rng.nextInt(100), rng.next()];
    const again = restoreRng(state);
    expect([again.next(), again.nextInt(100), again.next()]).toEqual(expected);
    expect(() => restoreRng({ algorithm: 'mt', words: [] })).toThrow(/algorithm "mt"/);
  });

  it('forks reproducibly into a different stream', () => {
    const a = createRng(5).fork();
    const b = createRng(5).fork();
    expect(a.next()).toBe(b.next());
    const parent = createRng(5);
    const child = parent.fork();
    expect(child.next()).not.toBe(parent.next());
  });

  it('normal draws have mean ~0 and variance ~1; shuffle is a permutation', () => {
    const rng = createRng(11);
    const xs = fillNormal(rng, new Float64Array(20_000));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(Number.isFinite(normal(rng, 2, 3))).toBe(true);
    const perm = shuffle(rng, Int32Array.from({ length: 50 }, (_, i) => i));
    expect([...perm].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
