import { describe, expect, it } from 'vitest';
import { adamUpdate, adamUpdateAt } from '../src/index.js';

describe('adamUpdate', () => {
  it('follows PyTorch Adam: bias-corrected moments, epsilon after the square root', () => {
    const p = Float32Array.of(1, -2);
    const m = new Float32Array(2);
    const v = new Float32Array(2);
    const hyper = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    adamUpdate(p, [0.5, -4], m, v, { ...hyper, step: 1 });
    // Step 1: mhat = g, vhat = g², so each parameter moves by lr · sign(g).
    expect(p[0]).toBeCloseTo(0.9, 6);
    expect(p[1]).toBeCloseTo(-1.9, 6);
    expect(m[0]).toBeCloseTo(0.05, 7);
    expect(v[1]).toBeCloseTo(0.016, 7);
    adamUpdate(p, [0.5, -4], m, v, { ...hyper, step: 2 });
    const m2 = 0.9 * 0.05 + 0.1 * 0.5;
    const v2 = 0.999 * 0.00025 + 0.001 * 0.25;
    expect(p[0]).toBeCloseTo(0.9 - (0.1 * m2) / (1 - 0.81) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + 1e-8), 6);
  });

  it('clips and decays the gradient first when asked, and names a length mismatch', () => {
    const plain = Float32Array.of(2);
    const decayed = Float32Array.of(2);
    adamUpdate(plain, [0], new Float32Array(1), new Float32Array(1), { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 });
    adamUpdate(decayed, [0], new Float32Array(1), new Float32Array(1), { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 }, { scale: 1, weightDecay: 0.5 });
    expect(plain[0]).toBe(2);
    expect(decayed[0]).toBeCloseTo(1.9, 6);
    expect(() => adamUpdate(Float32Array.of(1, 2), [1], new Float32Array(2), new Float32Array(2), { learningRate: 1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 })).toThrow(
      'adamUpdate: expected 2 gradients and moments (got 1, 2, 2)',
    );
  });

  it('updates only the given entries with adamUpdateAt (lazy Adam), exactly as adamUpdate does there', () => {
    const hyper = { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 4 };
    const g = [0.3, -1, 2, 0.7];
    const dense = { p: Float32Array.of(1, 2, 3, 4), m: Float32Array.of(0.1, 0.1, 0.1, 0.1), v: Float32Array.of(0.2, 0.2, 0.2, 0.2) };
    const lazy = { p: dense.p.slice(), m: dense.m.slice(), v: dense.v.slice() };
    adamUpdate(dense.p, g, dense.m, dense.v, hyper);
    adamUpdateAt(Int32Array.of(3, 1), lazy.p, g, lazy.m, lazy.v, hyper);
    for (const j of [1, 3]) {
      expect(lazy.p[j]).toBe(dense.p[j]);
      expect(lazy.m[j]).toBe(dense.m[j]);
      expect(lazy.v[j]).toBe(dense.v[j]);
    }
    expect([lazy.p[0], lazy.m[0], lazy.v[2], lazy.p[2]]).toEqual([1, Math.fround(0.1), Math.fround(0.2), 3]);
    expect(() => adamUpdateAt([0], Float32Array.of(1), [], new Float32Array(1), new Float32Array(1), hyper)).toThrow(/adamUpdateAt: expected 1 gradients/);
  });
});
