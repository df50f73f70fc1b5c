import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from '../src/index.js';

/** Reference: a full sort by (score desc, index asc), NaN as -Infinity. */
function sortedReference(scores: number[], k: number, exclude?: Uint8Array): number[] {
  const key = (i: number) => (Number.isNaN(scores[i]) ? -Infinity : scores[i]);
  return scores
    .map((_, i) => i)
    .filter((i) => !exclude || exclude[i] === 0)
    .sort((a, b) => (key(b) !== key(a) ? (key(b) > key(a) ? 1 : -1) : a - b))
    .slice(0, k);
}

describe('topK', () => {
  it('returns the best positions first and breaks ties by the lower position', () => {
    expect(Array.from(topK(Float32Array.from([0.1, 0.9, 0.5, 0.9]), 2))).toEqual([1, 3]);
    expect(Array.from(topK([0.5, 0.5, 0.5, 0.5], 3))).toEqual([0, 1, 2]);
  });

  it('leaves out excluded positions and returns fewer when fewer are eligible', () => {
    const exclude = Uint8Array.from([0, 1, 0, 1]);
    expect(Array.from(topK([0.1, 0.9, 0.5, 0.8], 3, { exclude }))).toEqual([2, 0]);
    expect(Array.from(topK([3, 1], 5))).toEqual([0, 1]);
    expect(topK([3, 1], 0).length).toBe(0);
  });

  it('ranks NaN last, like -Infinity', () => {
    expect(Array.from(topK([Number.NaN, -Infinity, 2], 3))).toEqual([2, 0, 1]);
  });

  it('rejects a bad k or a short exclude mask, naming the value', () => {
    expect(() => topK([1, 2], -1)).toThrow(/k must be a non-negative integer, got -1/);
    expect(() => topK([1, 2], 1.5)).toThrow(/got 1.5/);
    expect(() => topK([1, 2, 3], 1, { exclude: new Uint8Array(2) })).toThrow(/exclude has length 2/);
  });

  it('agrees with a full sort on random inputs with many ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 0, max: 25 }),
        fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
        (ints, k, mask) => {
          const scores = ints.map((v) => v / 2);
          const exclude = Uint8Array.from(mask.slice(0, scores.length).map((b) => (b ? 1 : 0)));
          expect(Array.from(topK(Float64Array.from(scores), k, { exclude }))).toEqual(sortedReference(scores, k, exclude));
        },
      ),
      { numRuns: 200 },
    );
  });
});
