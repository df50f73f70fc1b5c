import { defineSizeDistribution, normalCdf, normalDensity, normalQuantile, shapeRangeSetting, type QuantileDescription } from '@scall/plugin-utils';
import type { SizeDistributionV1 } from '@scall/spec';

/** The reference code's shape range for the truncated normal: scale σ in [1e-6, 1e-5]. */
export const TRUNCATED_NORMAL_SHAPE_RANGE: readonly [number, number] = [1e-6, 1e-5];

/** Options of {@link createTruncatedNormal}. */
export interface TruncatedNormalSettings {
  /** Allowed scales `[min, max]`, min > 0. Default {@link TRUNCATED_NORMAL_SHAPE_RANGE}. */
  readonly shapeRange?: readonly [number, number];
}

/**
 * The standardised truncated normal of the reference code for `n` entities: the normal
 * N(1/n, σ²) truncated to [0, 1], as a quantile description of X/σ (the scale cancels
 * in the normalisation). Exposed for tests and third parties who want the raw
 * expected order statistics.
 */
export function truncatedNormalQuantiles(n: number, scale: number): QuantileDescription {
  const alpha = -1 / n / scale;
  const beta = (1 - 1 / n) / scale;
  const lowerMass = normalCdf(alpha);
  const upperMass = normalCdf(-beta);
  const z = 1 - lowerMass - upperMass;
  return {
    quantile: (u) => Math.max(0, normalQuantile(lowerMass + u * z) - alpha),
    upperQuantile: (v) => Math.max(0, -normalQuantile(upperMass + v * z) - alpha),
    quantileSecondDerivative: (u) => {
      const y = normalQuantile(lowerMass + u * z);
      const d = normalDensity(y);
      return (z * z * y) / (d * d);
    },
  };
}

/**
 * The truncated normal as the reference code uses it: for `n` entities, draws from
 * N(1/n, σ²) truncated to [0, 1], with the scale σ as shape. A larger σ spreads the
 * draws relative to their mean 1/n, so the allocation is more skewed
 * (`skewDirection: "increasing"`). The skew depends on `n` through σn: in the reference
 * range [1e-6, 1e-5], 10^4 entities get nearly equal sizes (the truncation at 0 is 10
 * to 100 standard deviations away), 10^6 entities a half-normal-like spread.
 *
 * `expectedProportions` uses quadrature for the 32 extreme ranks at each end and the
 * second-order David–Johnson expansion in the middle (`expectedOrderStatistics` from
 * `@scall/plugin-utils`), O(n) and deterministic.
 *
 * @example
 * const p = createTruncatedNormal().expectedProportions(1_000_000, 5e-6);
 */
export function createTruncatedNormal(settings: TruncatedNormalSettings = {}): SizeDistributionV1 {
  const shapeRange = shapeRangeSetting('createTruncatedNormal', settings, TRUNCATED_NORMAL_SHAPE_RANGE, { lowest: 0 });
  return defineSizeDistribution({ name: 'truncated-normal', shapeRange, skew: 'increasing', quantiles: (scale, n) => truncatedNormalQuantiles(n, scale) });
}

/** The truncated normal with the reference shape range [1e-6, 1e-5]. */
export const truncatedNormal: SizeDistributionV1 = createTruncatedNormal();
