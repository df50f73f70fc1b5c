import type { Rng } from './rng.js';

/**
 * A family of probability distributions on a bounded support from which embedding
 * sizes are drawn (SCALL §5: power law by default). The family is parameterised by one
 * shape parameter inside {@link SizeDistributionV1.shapeRange}.
 *
 * Implementations must be pure and deterministic: the same `(n, shape)` gives the same
 * vector, bit for bit.
 */
export interface SizeDistributionV1 {
  readonly specificationVersion: 'v1';
  /** Registry name, e.g. `"power-law"`. */
  readonly name: string;
  /** Allowed shape parameters `[min, max]`; SCALL's action in [0, 1] maps linearly onto it. */
  readonly shapeRange: readonly [number, number];
  /**
   * Which direction makes the allocation more skewed (more budget on the top entities):
   * `"decreasing"` when a smaller shape is more skewed (power law), `"increasing"`
   * when a larger shape is (truncated normal's scale).
   */
  readonly skewDirection: 'increasing' | 'decreasing';
  /**
   * The expected normalised descending order statistics of `n` draws: a vector of
   * length `n`, non-increasing, non-negative, summing to 1. This is what the reference
   * code approximates by averaging sorted Monte-Carlo draws.
   */
  expectedProportions(n: number, shape: number): Float64Array;
  /**
   * One random draw of `n` values, sorted descending and normalised to sum 1,
   * using only `rng` for randomness.
   */
  sampleProportions(n: number, shape: number, rng: Rng): Float64Array;
}

/** Maps a unit action `u` in [0, 1] linearly onto a distribution's shape range. */
export function shapeFromUnit(distribution: Pick<SizeDistributionV1, 'shapeRange'>, u: number): number {
  const [lo, hi] = distribution.shapeRange;
  const clamped = Math.min(1, Math.max(0, u));
  return lo + clamped * (hi - lo);
}

/**
 * The argument check every {@link SizeDistributionV1} method shares: `n` an integer >= 1
 * and `shape` inside `shapeRange`. Throws a `RangeError` naming the distribution and method.
 *
 * @example
 * assertDistributionArguments('power-law', 'expectedProportions', 0, 1, [0.1, 30]);
 * // RangeError: power-law.expectedProportions: n must be an integer >= 1 (got 0)
 */
export function assertDistributionArguments(distribution: string, method: string, n: number, shape: number, shapeRange: readonly [number, number]): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`${distribution}.${method}: n must be an integer >= 1 (got ${n})`);
  const [lo, hi] = shapeRange;
  if (!(shape >= lo && shape <= hi)) throw new RangeError(`${distribution}.${method}: shape ${shape} is outside the shape range [${lo}, ${hi}]`);
}
