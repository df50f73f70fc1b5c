import {
  assertKnownOptions,
  expectedOrderStatistics,
  normalCdf,
  normalQuantile,
  sortedProportions,
  toProportions,
  type QuantileDescription,
} from '@scall/plugin-utils';
import { assertDistributionArguments, type Rng, type SizeDistributionV1 } from '@scall/spec';

/** BET's range for the normal family's shape: the mean μ in [0, 20]. */
export const SHIFTED_NORMAL_SHAPE_RANGE: readonly [number, number] = [0, 20];

/** Options of {@link createShiftedNormal}. */
export interface ShiftedNormalSettings {
  /** Allowed means `[min, max]`, 0 <= min <= max. Default {@link SHIFTED_NORMAL_SHAPE_RANGE}. */
  readonly shapeRange?: readonly [number, number];
}

/**
 * Quantile description of N(μ, 1) truncated to [0, ∞): Q(u) = μ + Φ⁻¹(Φ(−μ) + u (1 − Φ(−μ))).
 *
 * @example
 * shiftedNormalQuantiles(0).quantile(0.5); // the half-normal's median, ≈ 0.674
 */
export function shiftedNormalQuantiles(mean: number): QuantileDescription {
  const lowerMass = normalCdf(-mean);
  const mass = 1 - lowerMass;
  return {
    quantile: (u) => Math.max(0, mean + normalQuantile(lowerMass + u * mass)),
    // Q(1 - v) = μ - Φ⁻¹(v (1 - Φ(-μ))), accurate in the far upper tail.
    upperQuantile: (v) => Math.max(0, mean - normalQuantile(v * mass)),
  };
}

/**
 * The normal family of BET's action sampler as a `SizeDistributionV1`: a unit
 * normal with mean μ (the shape) truncated to [0, ∞). μ = 0 is the half-normal (the most
 * skewed member: the top entities get about 2.5 times the mean size); a large μ gives
 * nearly equal sizes (`skewDirection: "decreasing"`). The library's
 * `@scall/distribution-truncated-normal` follows the SCALL reference code (mean 1/n,
 * tiny scales) and does not cover BET's shapes up to 20, hence this variant.
 *
 * `expectedProportions` uses `expectedOrderStatistics` from `@scall/spec` (quadrature at
 * the extreme ranks, second-order expansion in the middle): O(n), deterministic.
 *
 * @example
 * const p = createShiftedNormal().expectedProportions(1000, 2); // sums to 1, p[0] largest
 */
export function createShiftedNormal(settings: ShiftedNormalSettings = {}): SizeDistributionV1 {
  assertKnownOptions('createShiftedNormal', settings, ['shapeRange']);
  const [lo, hi] = settings.shapeRange ?? SHIFTED_NORMAL_SHAPE_RANGE;
  if (!(lo >= 0 && hi >= lo && hi < Infinity)) {
    throw new RangeError(`createShiftedNormal: option shapeRange must be [min, max] with 0 <= min <= max < Infinity (got [${lo}, ${hi}])`);
  }
  const check = (method: string, n: number, shape: number) => assertDistributionArguments('shifted-normal', method, n, shape, [lo, hi]);
  return {
    specificationVersion: 'v1',
    name: 'shifted-normal',
    shapeRange: [lo, hi],
    skewDirection: 'decreasing',
    expectedProportions(n: number, shape: number): Float64Array {
      check('expectedProportions', n, shape);
      if (n === 1) return Float64Array.of(1);
      return toProportions(expectedOrderStatistics(n, shiftedNormalQuantiles(shape)));
    },
    sampleProportions(n: number, shape: number, rng: Rng): Float64Array {
      check('sampleProportions', n, shape);
      if (n === 1) return Float64Array.of(1);
      const { quantile } = shiftedNormalQuantiles(shape);
      const draws = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let u = rng.next();
        while (u === 0) u = rng.next();
        draws[i] = quantile(u);
      }
      return sortedProportions(draws);
    },
  };
}
