import { describe, expect, it } from 'vitest';
import { adamUpdate } from '../src/index.js';

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
});
