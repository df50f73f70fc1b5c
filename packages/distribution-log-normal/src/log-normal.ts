import { defineSizeDistribution, normalDensity, normalQuantile, shapeRangeSetting, type QuantileDescription } from '@scall/plugin-utils';
import type { Rng, SizeDistributionV1 } from '@scall/spec';

/** Default shape range of the log-normal: log-scale σ in [0.05, 2]. */
export const LOG_NORMAL_SHAPE_RANGE: readonly [number, number] = [0.05, 2];

/** Options of {@link createLogNormal}. */
export interface LogNormalSettings {
  /** Allowed log-scales `[min, max]`, min > 0. Default {@link LOG_NORMAL_SHAPE_RANGE}. */
  readonly shapeRange?: readonly [number, number];
}

/** Quantile description of exp(σZ), Z standard normal (scipy's `lognorm(s=σ)`). */
export function logNormalQuantiles(sigma: number): QuantileDescription {
  return {
    quantile: (u) => Math.exp(sigma * normalQuantile(u)),
    upperQuantile: (v) => Math.exp(-sigma * normalQuantile(v)),
    quantileSecondDerivative: (u) => {
      const z = normalQuantile(u);
      const d = normalDensity(z);
      return (sigma * Math.exp(sigma * z) * (sigma + z)) / (d * d);
    },
  };
}

/**
 * The log-normal distribution exp(σZ) (scipy's `lognorm(s=σ)`, one of the families BET
 * samples from, there with σ up to 0.5). A larger σ is more skewed
 * (`skewDirection: "increasing"`): σ = 0.05 gives sizes within about ±15% of the mean,
 * σ = 2 gives the top 1% of entities about a fifth of the budget.
 *
 * `expectedProportions` uses quadrature for the 32 extreme ranks at each end and the
 * second-order David–Johnson expansion in the middle (`expectedOrderStatistics` from
 * `@scall/plugin-utils`), O(n) and deterministic.
 *
 * @example
 * const p = createLogNormal().expectedProportions(10_000, 0.5);
 */
export function createLogNormal(settings: LogNormalSettings = {}): SizeDistributionV1 {
  const shapeRange = shapeRangeSetting('createLogNormal', settings, LOG_NORMAL_SHAPE_RANGE, { lowest: 0 });
  return defineSizeDistribution({ name: 'log-normal', shapeRange, skew: 'increasing', quantiles: logNormalQuantiles, draw: drawLogNormal });
}

/** One draw exp(σZ) by inversion; u = 0 (quantile 0) is redrawn. */
function drawLogNormal(sigma: number): (rng: Rng) => number {
  const { quantile } = logNormalQuantiles(sigma);
  return (rng) => {
    let u = rng.next();
    while (u === 0) u = rng.next();
    return quantile(u);
  };
}

/** The log-normal with shape range [0.05, 2]. */
export const logNormal: SizeDistributionV1 = createLogNormal();
