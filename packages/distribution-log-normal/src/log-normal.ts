import { assertDistributionArguments, assertKnownOptions, type QuantileDescription, type Rng, type SizeDistributionV1, normalDensity, normalQuantile } from '@scall/spec';
import { expectedOrderStatistics, sortedProportions, toProportions } from '@scall/spec';

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
 * `@scall/spec`), O(n) and deterministic.
 *
 * @example
 * const p = createLogNormal().expectedProportions(10_000, 0.5);
 */
export function createLogNormal(settings: LogNormalSettings = {}): SizeDistributionV1 {
  assertKnownOptions('createLogNormal', settings, ['shapeRange']);
  const [lo, hi] = settings.shapeRange ?? LOG_NORMAL_SHAPE_RANGE;
  if (!(lo > 0 && hi >= lo && hi < Infinity)) {
    throw new RangeError(`createLogNormal: option shapeRange must be [min, max] with 0 < min <= max < Infinity (got [${lo}, ${hi}])`);
  }
  const check = (method: string, n: number, shape: number) => assertDistributionArguments('log-normal', method, n, shape, [lo, hi]);
  return {
    specificationVersion: 'v1',
    name: 'log-normal',
    shapeRange: [lo, hi],
    skewDirection: 'increasing',
    expectedProportions(n: number, shape: number): Float64Array {
      check('expectedProportions', n, shape);
      if (n === 1) return Float64Array.of(1);
      return toProportions(expectedOrderStatistics(n, logNormalQuantiles(shape)));
    },
    sampleProportions(n: number, shape: number, rng: Rng): Float64Array {
      check('sampleProportions', n, shape);
      if (n === 1) return Float64Array.of(1);
      const { quantile } = logNormalQuantiles(shape);
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

/** The log-normal with shape range [0.05, 2]. */
export const logNormal: SizeDistributionV1 = createLogNormal();
