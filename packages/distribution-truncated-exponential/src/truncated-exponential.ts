import { defineSizeDistribution, shapeRangeSetting, type QuantileDescription } from '@scall/plugin-utils';
import type { SizeDistributionV1 } from '@scall/spec';

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
 * `@scall/plugin-utils`), O(n) and deterministic.
 *
 * @example
 * const p = createTruncatedExponential().expectedProportions(10_000, 3);
 */
export function createTruncatedExponential(settings: TruncatedExponentialSettings = {}): SizeDistributionV1 {
  const shapeRange = shapeRangeSetting('createTruncatedExponential', settings, TRUNCATED_EXPONENTIAL_SHAPE_RANGE, { lowest: 0 });
  return defineSizeDistribution({ name: 'truncated-exponential', shapeRange, skew: 'increasing', quantiles: truncatedExponentialQuantiles });
}

/** The truncated exponential with cut-off range [0.1, 10]. */
export const truncatedExponential: SizeDistributionV1 = createTruncatedExponential();
