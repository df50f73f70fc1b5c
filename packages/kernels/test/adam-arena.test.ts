import { describe, expect, it } from 'vitest';
import { createAdamArena } from '../src/index.js';
import { setWasmKernelsEnabled } from '../src/wasm-module.js';

/** A small deterministic pseudo-random stream in [-0.5, 0.5) (test data only). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** PyTorch's Adam as the JavaScript loop computes it (adamUpdate of @scall/plugin-utils, plain step). */
function referenceAdam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, s: { learningRate: number; beta1: number; beta2: number; epsilon: number; step: number }): void {
  const stepSize = s.learningRate / (1 - s.beta1 ** s.step);
  const sqrtBc2 = Math.sqrt(1 - s.beta2 ** s.step);
  for (let j = 0; j < p.length; j++) {
    const gj = g[j];
    const mj = s.beta1 * m[j] + (1 - s.beta1) * gj;
    const vj = s.beta2 * v[j] + (1 - s.beta2) * gj * gj;
    m[j] = mj;
    v[j] = vj;
    p[j] -= (stepSize * mj) / (Math.sqrt(vj) / sqrtBc2 + s.epsilon);
  }
}

const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('createAdamArena', () => {
  it.each([1, 2, 7, 1000, 4097])('updates its own arrays bit for bit as the JavaScript Adam, step after step (%i values)', (n) => {
    const arena = createAdamArena(n)!;
    expect(arena).not.toBeNull();
    for (const a of [arena.parameters, arena.gradient, arena.firstMoment, arena.secondMoment]) {
      expect(a.length).toBe(n);
      expect(a.every((x) => x === 0)).toBe(true);
    }
    const rnd = lcg(n);
    arena.parameters.forEach((_, i, p) => (p[i] = rnd()));
    const p = arena.parameters.slice();
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    for (let step = 1; step <= 5; step++) {
      arena.gradient.forEach((_, i, g) => (g[i] = rnd() * (i % 5 === 0 ? 1e-6 : 0.1)));
      const settings = { learningRate: 0.03, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step };
      referenceAdam(p, arena.gradient, m, v, settings);
      expect(arena.adamUpdate(arena.parameters, arena.gradient, arena.firstMoment, arena.secondMoment, settings)).toBe(true);
      expect(bits(arena.parameters).equals(bits(p))).toBe(true);
      expect(bits(arena.firstMoment).equals(bits(m))).toBe(true);
      expect(bits(arena.secondMoment).equals(bits(v))).toBe(true);
    }
    expect(arena.firstMoment.some((x) => x !== 0)).toBe(true); // the update did something
  });

  it('keeps the four arrays apart, and declines (changing nothing) arrays that are not its own', () => {
    const arena = createAdamArena(5)!;
    arena.parameters.fill(1);
    arena.gradient.fill(2);
    arena.firstMoment.fill(3);
    arena.secondMoment.fill(4);
    expect([arena.parameters, arena.gradient, arena.firstMoment, arena.secondMoment].map((a) => a[4])).toEqual([1, 2, 3, 4]);
    const settings = { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 1 };
    const other = new Float32Array(5).fill(1);
    expect(arena.adamUpdate(other, arena.gradient, arena.firstMoment, arena.secondMoment, settings)).toBe(false);
    expect(arena.adamUpdate(arena.parameters, arena.gradient, arena.secondMoment, arena.firstMoment, settings)).toBe(false); // moments swapped
    expect(Array.from(arena.parameters)).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(other)).toEqual([1, 1, 1, 1, 1]);
    expect(createAdamArena(0)!.parameters.length).toBe(0);
  });

  it('checks the length, and is null with the SIMD kernels off', () => {
    expect(() => createAdamArena(-1)).toThrow(/non-negative integer/);
    expect(() => createAdamArena(1.5)).toThrow(/non-negative integer/);
    setWasmKernelsEnabled(false);
    try {
      expect(createAdamArena(10)).toBeNull();
    } finally {
      setWasmKernelsEnabled(true);
    }
  });
});
