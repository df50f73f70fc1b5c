import { createRng } from '@scall/rng';
import type { SizeDistributionV1 } from '@scall/spec';
import { describe, expect, it } from 'vitest';

/** Options of {@link describeSizeDistribution}. */
export interface SizeDistributionSuiteOptions {
  /** Populations checked for the vector contract. Default `[1, 2, 3, 10, 65, 1000]`. */
  readonly sizes?: readonly number[];
  /** A large population that must be computed (sum 1, non-increasing). Default `1_000_000`; `0` skips. */
  readonly largeSize?: number;
  /**
   * Closeness to the Monte-Carlo mean of sorted, normalised draws (what the reference
   * code computes): population `n`, `draws` draws, and the largest allowed L1 distance
   * `Σ|p_k - mc_k|` (both vectors sum to 1). Defaults: n = 1000, 200 draws, 0.05.
   */
  readonly monteCarlo?: { readonly n?: number; readonly draws?: number; readonly l1Tolerance?: number };
  /** Whether shapes outside `shapeRange` must throw. Default `true`. */
  readonly rejectsOutOfRangeShapes?: boolean;
}

/** Share of the total held by the top 1% of entries (at least one). */
function topShare(p: Float64Array): number {
  const k = Math.max(1, Math.ceil(p.length / 100));
  let s = 0;
  for (let i = 0; i < k; i++) s += p[i];
  return s;
}

function expectProportionVector(p: Float64Array, n: number, what: string): void {
  expect(p, what).toBeInstanceOf(Float64Array);
  expect(p.length, `${what}: length`).toBe(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (!(p[i] >= 0 && p[i] < Infinity)) throw new Error(`${what}: entry ${i} is ${p[i]}, not a finite non-negative number`);
    if (i > 0 && p[i] > p[i - 1]) throw new Error(`${what}: entry ${i} (${p[i]}) exceeds entry ${i - 1} (${p[i - 1]}); must be non-increasing`);
    sum += p[i];
  }
  expect(Math.abs(sum - 1), `${what}: sum ${sum}`).toBeLessThan(1e-9);
}

/**
 * Vitest conformance suite for a `SizeDistributionV1`. Call it at the top level of a
 * test file: it checks the metadata, the expected-proportion vector (length, non-
 * increasing, non-negative, sums to 1, bit-identical on repeat, feasible for 10^6
 * entities), seeded sampling, rejection of bad arguments, monotonicity of the top-1%
 * share with the shape in the documented `skewDirection`, and closeness to the
 * Monte-Carlo mean of sorted normalised draws.
 *
 * @example
 * describeSizeDistribution('kumaraswamy', () => createKumaraswamy());
 */
export function describeSizeDistribution(name: string, factory: () => SizeDistributionV1, options: SizeDistributionSuiteOptions = {}): void {
  const sizes = options.sizes ?? [1, 2, 3, 10, 65, 1000];
  const largeSize = options.largeSize ?? 1_000_000;
  const mcN = options.monteCarlo?.n ?? 1000;
  const draws = options.monteCarlo?.draws ?? 200;
  const l1Tolerance = options.monteCarlo?.l1Tolerance ?? 0.05;
  const rejects = options.rejectsOutOfRangeShapes ?? true;

  describe(`SizeDistributionV1 conformance: ${name}`, () => {
    const d = factory();
    const [lo, hi] = d.shapeRange;
    const shapes = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * (hi - lo));

    it('declares v1, a name, a finite shape range and a skew direction', () => {
      expect(d.specificationVersion).toBe('v1');
      expect(typeof d.name).toBe('string');
      expect(d.name.length).toBeGreaterThan(0);
      expect(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi, `shapeRange [${lo}, ${hi}]`).toBe(true);
      expect(['increasing', 'decreasing']).toContain(d.skewDirection);
    });

    it('gives non-increasing, non-negative expected proportions summing to 1, bit-identical on repeat', () => {
      for (const n of sizes) {
        for (const shape of shapes) {
          const p = d.expectedProportions(n, shape);
          expectProportionVector(p, n, `expectedProportions(${n}, ${shape})`);
          expect(Array.from(d.expectedProportions(n, shape)), `repeat of expectedProportions(${n}, ${shape})`).toEqual(Array.from(p));
        }
      }
      expect(Array.from(d.expectedProportions(1, lo))).toEqual([1]);
    });

    if (largeSize > 0) {
      it(`computes ${largeSize} entities`, () => {
        for (const shape of [lo, hi]) expectProportionVector(d.expectedProportions(largeSize, shape), largeSize, `expectedProportions(${largeSize}, ${shape})`);
      });
    }

    it('samples sorted, normalised draws that depend only on the RNG', () => {
      for (const n of sizes) {
        for (const shape of [lo, hi]) {
          const a = d.sampleProportions(n, shape, createRng(11));
          expectProportionVector(a, n, `sampleProportions(${n}, ${shape})`);
          expect(Array.from(d.sampleProportions(n, shape, createRng(11)))).toEqual(Array.from(a));
          if (n >= 10 && shape === hi) expect(Array.from(d.sampleProportions(n, shape, createRng(12)))).not.toEqual(Array.from(a));
        }
      }
    });

    it('rejects invalid populations and shapes', () => {
      for (const n of [0, -1, 1.5, Number.NaN]) {
        expect(() => d.expectedProportions(n, lo), `n = ${n}`).toThrow();
        expect(() => d.sampleProportions(n, lo, createRng(1)), `n = ${n}`).toThrow();
      }
      expect(() => d.expectedProportions(10, Number.NaN)).toThrow();
      if (rejects) {
        const width = hi - lo;
        for (const shape of [lo - 0.5 * width, hi + 0.5 * width]) expect(() => d.expectedProportions(10, shape), `shape ${shape}`).toThrow();
      }
    });

    it(`moves the top-1% share monotonically (${d.skewDirection} shape = more skewed)`, () => {
      for (const n of [100, 1000]) {
        const grid = Array.from({ length: 9 }, (_, i) => lo + (i / 8) * (hi - lo));
        const shares = grid.map((s) => topShare(d.expectedProportions(n, s)));
        const sign = d.skewDirection === 'increasing' ? 1 : -1;
        for (let i = 1; i < shares.length; i++) {
          expect(sign * (shares[i] - shares[i - 1]), `top-1% share at n=${n}: ${shares[i - 1]} (shape ${grid[i - 1]}) -> ${shares[i]} (shape ${grid[i]})`).toBeGreaterThanOrEqual(-1e-12);
        }
        expect(sign * (shares[shares.length - 1] - shares[0]), `top-1% share must change across the range at n=${n}`).toBeGreaterThan(0);
      }
    });

    it(`is within L1 ${l1Tolerance} of the Monte-Carlo mean of ${draws} sorted normalised draws (n = ${mcN})`, () => {
      const rng = createRng(2024);
      for (const shape of [lo, (lo + hi) / 2, hi]) {
        const mean = new Float64Array(mcN);
        for (let r = 0; r < draws; r++) {
          const s = d.sampleProportions(mcN, shape, rng);
          for (let i = 0; i < mcN; i++) mean[i] += s[i] / draws;
        }
        const p = d.expectedProportions(mcN, shape);
        let l1 = 0;
        for (let i = 0; i < mcN; i++) l1 += Math.abs(p[i] - mean[i]);
        expect(l1, `L1 distance at shape ${shape}`).toBeLessThan(l1Tolerance);
      }
    });
  });
}
