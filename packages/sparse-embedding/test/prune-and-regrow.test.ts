import { describe, expect, it } from 'vitest';
import { dropFractionAt, pruneAndRegrow } from '../src/index.js';

describe('pruneAndRegrow', () => {
  const maxSize = 4;
  // row 0: dims 0,1,2 ; row 1: dim 3 ; row 2: dims 0,2
  const rows = {
    counts: Int32Array.of(3, 1, 2),
    offsets: Float64Array.of(0, 3, 4, 6),
    indices: Uint8Array.of(0, 1, 2, 3, 0, 2),
    values: Float32Array.of(0.5, -0.01, 0.3, 0.001, -0.02, 0.9),
  };

  it('drops the smallest magnitudes, respects the per-row minimum, regrows the largest scores', () => {
    const scores = new Float32Array(3 * maxSize);
    scores[0 * maxSize + 3] = -5; // row 0 dim 3: strongest candidate
    scores[2 * maxSize + 1] = 2; // row 2 dim 1
    scores[1 * maxSize + 0] = 1;
    const next = pruneAndRegrow({ ...rows, maxSize, scores, dropFraction: 0.5, minActive: 1 });
    // 3 drops wanted: 0.001 (row 1, its last one: skipped), -0.01 (row 0 dim 1), -0.02 (row 2 dim 0), 0.3 (row 0 dim 2)
    expect(next.dropped).toBe(3);
    expect(next.regrown).toBe(3);
    expect(next.values.length).toBe(rows.values.length);
    expect(Array.from(next.counts).reduce((a, b) => a + b, 0)).toBe(6);
    expect(Array.from(next.indices)).toEqual([0, 3, 0, 3, 1, 2]);
    expect(Array.from(next.values)).toEqual([0.5, 0, 0, Math.fround(0.001), 0, Math.fround(0.9)]);
    expect(Array.from(next.source)).toEqual([0, -1, -1, 3, -1, 5]);
  });

  it('never regrows what it just dropped and keeps the total when nothing can be dropped', () => {
    const none = pruneAndRegrow({ ...rows, maxSize, scores: new Float32Array(12), dropFraction: 1, minActive: 3 });
    expect(none.dropped).toBe(0);
    expect(Array.from(none.indices)).toEqual(Array.from(rows.indices));
    const scores = new Float32Array(12).fill(0);
    scores[1] = 100; // row 0 dim 1 is active and the smallest: dropped, must not come back
    const next = pruneAndRegrow({ ...rows, maxSize, scores, dropFraction: 1 / 6, minActive: 1 });
    expect(next.dropped).toBe(1);
    const row0 = Array.from(next.indices.subarray(next.offsets[0], next.offsets[1]));
    expect(row0).not.toContain(1);
  });

  it('decays the drop fraction by a cosine to zero at endStep', () => {
    const g = { interval: 10, initialDropFraction: 0.4, endStep: 100, accumulation: 'window' as const };
    expect(dropFractionAt(g, 0)).toBeCloseTo(0.4);
    expect(dropFractionAt(g, 50)).toBeCloseTo(0.2);
    expect(dropFractionAt(g, 100)).toBeCloseTo(0);
    expect(dropFractionAt(g, 150)).toBe(0);
    expect(() => pruneAndRegrow({ ...rows, maxSize, scores: new Float32Array(3), dropFraction: 0.1, minActive: 1 })).toThrow(/scores/);
  });
});
