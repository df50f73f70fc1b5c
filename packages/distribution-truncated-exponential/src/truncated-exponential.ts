import { assertDistributionArguments, assertKnownOptions, type QuantileDescription, type Rng, type SizeDistributionV1 } from '@scall/spec';
import { expectedOrderStatistics, sortedProportions, toProportions } from '@scall/spec';

/** Default shape range of the truncated exponential: cut-off `b` in [0.1, 10]. */
export const TRUNCATED_EXPONENTIAL_SHAPE_RANGE: readonly [number, number] = [0.1, 10];

/** Options of {@link createTruncatedExponential}. */
export interface TruncatedExponentialSettings {
  /** Allowed cut-offs `[min, max]`, min > 0. Default {@link TRUNCATED_EXPONENTIAL_SHAPE_RANGE}. */
  readonly shapeRange?: readonly [number, number];
}

/** Quantile description of the unit exponential truncated to [0, b] (scipy's `truncexpon(b)`). */
export function truncatedExponentialQuantiles(b: number): QuantileDescription {
  const c = -Math.expm1(-b);
  const floor = Math.exp(-b);
  return {
    quantile: (u) => -Math.log1p(-u * c),
    upperQuantile: (v) => -Math.log(floor + v * c),
    quantileSecondDerivative: (u) => {
      const r = c / (1 - u * c);
      return r * r;
    },
  };
}

/**
 * The unit-rate exponential truncated to [0, b] (scipy's `truncexpon(b)`, one of the
 * families BET samples from, there with b up to 5). The cut-off `b` is the shape: near 0
 * the density is flat, so sizes fall linearly from twice the mean to zero; a larger `b`
 * approaches the exponential, whose top entities get about ln(n) times the mean
 * (`skewDirection: "increasing"`).
 *
 * `expectedProportions` uses quadrature for the 32 extreme ranks at each end and the
 * second-order David–Johnson expansion in the middle (`expectedOrderStatistics` from
 * `@scall/spec`), O(n) and deterministic.
 *
 * @example
 * const p = createTruncatedExponential().expectedProportions(10_000, 3);
 */
export function createTruncatedExponential(settings: TruncatedExponentialSettings = {}): SizeDistributionV1 {
  assertKnownOptions('createTruncatedExponential', settings, ['shapeRange']);
  const [lo, hi] = settings.shapeRange ?? TRUNCATED_EXPONENTIAL_SHAPE_RANGE;
  if (!(lo > 0 && hi >= lo && hi < Infinity)) {
    throw new RangeError(`createTruncatedExponential: option shapeRange must be [min, max] with 0 < min <= max < Infinity (got [${lo}, ${hi}])`);
  }
  const check = (method: string, n: number, shape: number) => assertDistributionArguments('truncated-exponential', method, n, shape, [lo, hi]);
  return {
    specificationVersion: 'v1',
    name: 'truncated-exponential',
    shapeRange: [lo, hi],
    skewDirection: 'increasing',
    expectedProportions(n: number, shape: number): Float64Array {
      check('expectedProportions', n, shape);
      if (n === 1) return Float64Array.of(1);
      return toProportions(expectedOrderStatistics(n, truncatedExponentialQuantiles(shape)));
    },
    sampleProportions(n: number, shape: number, rng: Rng): Float64Array {
      check('sampleProportions', n, shape);
      if (n === 1) return Float64Array.of(1);
      const { quantile } = truncatedExponentialQuantiles(shape);
      const draws = new Float64Array(n);
      for (let i = 0; i < n; i++) draws[i] = quantile(rng.next());
      return sortedProportions(draws);
    },
  };
}

/** The truncated exponential with cut-off range [0.1, 10]. */
export const truncatedExponential: SizeDistributionV1 = createTruncatedExponential();
