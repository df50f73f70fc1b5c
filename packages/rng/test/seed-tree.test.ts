import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, SEED_NAMES, seedTree } from '../src/index.js';

/** The runner's `segmentRng(seed, segment, purpose)` before the seed tree (v0.2 and earlier), verbatim. */
function legacySegmentSeed(seed: number, segment: number, purpose: 1 | 2 | 3): number {
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(segment + 1, 0x85ebca77) ^ Math.imul(purpose, 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 12)) | 0;
}

describe('seedTree', () => {
  it('derives exactly the seeds the runner used before (recorded results stay reproducible)', () => {
    expect(SEED_NAMES).toEqual({ search: 1, init: 2, train: 3 });
    for (const seed of [0, 1, 2, -5, 7, 123_456_789, 2 ** 31 - 1, 2 ** 33 + 3]) {
      for (const t of [0, 1, 2, 7, 100]) {
        for (const name of ['search', 'init', 'train'] as const) {
          expect(seedTree(seed).child(name, t).seed).toBe(legacySegmentSeed(seed, t, SEED_NAMES[name]));
          expect(deriveSeed(seed, name, t)).toBe(legacySegmentSeed(seed, t, SEED_NAMES[name]));
        }
      }
    }
    // First draws recorded with the old `segmentRng` (seed/segment/purpose: next(), nextInt(1000)).
    const draws = (seed: number, t: number, name: 'search' | 'init' | 'train') => {
      const rng = seedTree(seed).child(name, t).rng();
      return [rng.next(), rng.nextInt(1000)];
    };
    expect(draws(1, 0, 'search')).toEqual([0.27504212495796176, 763]);
    expect(draws(1, 0, 'init')).toEqual([0.8900859165943066, 912]);
    expect(draws(1, 0, 'train')).toEqual([0.6452030633614474, 406]);
    expect(draws(2, 7, 'train')).toEqual([0.9032719709100284, 788]);
    expect(draws(123_456_789, 1, 'init')).toEqual([0.8846410613772298, 778]);
  });

  it('keeps the root value, gives every call of rng() the same stream, and nests', () => {
    const tree = seedTree(42);
    expect(tree.seed).toBe(42);
    expect(tree.rng().next()).toBe(createRng(42).next());
    const a = tree.child('search', 3);
    expect(a.rng().next()).toBe(a.rng().next());
    expect(a.child('init').seed).toBe(deriveSeed(a.seed, 'init', 0));
    expect(tree.child('search').seed).toBe(tree.child('search', 0).seed);
  });

  it('gives different streams to different names, indices and roots', () => {
    const seen = new Set<number>();
    for (const root of [1, 2, 3]) for (const name of ['search', 'init', 'train'] as const) for (let t = 0; t < 50; t++) seen.add(seedTree(root).child(name, t).seed);
    expect(seen.size).toBe(3 * 3 * 50);
  });

  it('rejects what it cannot derive from', () => {
    expect(() => seedTree(Number.NaN)).toThrow(/finite number/);
    expect(() => seedTree(1).child('agent' as 'search', 0)).toThrow(/Unknown seed name "agent"/);
    expect(() => seedTree(1).child('train', 0.5)).toThrow(/integer/);
  });
});
