import { assertDistributionArguments, assertKnownOptions, type Rng, type SizeDistributionV1 } from '@scall/spec';
import { sortedProportions, toProportions } from '@scall/spec';

/** SCALL's shape range for the power law: exponent `a` in [0.1, 30]. */
export const POWER_LAW_SHAPE_RANGE: readonly [number, number] = [0.1, 30];

/** Options of {@link createPowerLaw}. */
export interface PowerLawSettings {
  /** Allowed exponents `[min, max]`, both > 0. Default {@link POWER_LAW_SHAPE_RANGE}. */
  readonly shapeRange?: readonly [number, number];
}

/**
 * The power law with density `a x^(a - 1)` on [0, 1] (scipy's `powerlaw(a)`), SCALL's
 * default size distribution. A small exponent `a` puts most mass near 0, so a few
 * entities get most of the budget (`skewDirection: "decreasing"`); `a = 1` is the
 * uniform distribution on [0, 1]; a large `a` gives nearly equal sizes.
 *
 * `expectedProportions` is exact: X = U^(1/a), so the k-th smallest of n draws has
 * E[X_(k)] = Γ(n + 1) Γ(k + 1/a) / (Γ(k) Γ(n + 1 + 1/a)), computed by the recursion
 * E[X_(k+1)] / E[X_(k)] = (k + 1/a) / k in O(n), then normalised to sum 1 (the ratio of
 * expectations; it differs from the Monte-Carlo mean of normalised draws by O(1/n)).
 *
 * @example
 * const p = createPowerLaw().expectedProportions(1000, 0.5); // p[0] largest, sums to 1
 */
export function createPowerLaw(settings: PowerLawSettings = {}): SizeDistributionV1 {
  assertKnownOptions('createPowerLaw', settings, ['shapeRange']);
  const shapeRange = settings.shapeRange ?? POWER_LAW_SHAPE_RANGE;
  const [lo, hi] = shapeRange;
  if (!(lo > 0 && hi >= lo && hi < Infinity)) {
    throw new RangeError(`createPowerLaw: option shapeRange must be [min, max] with 0 < min <= max < Infinity (got [${lo}, ${hi}])`);
  }
  const check = (method: string, n: number, shape: number) => assertDistributionArguments('power-law', method, n, shape, [lo, hi]);
  return {
    specificationVersion: 'v1',
    name: 'power-law',
    shapeRange: [lo, hi],
    skewDirection: 'decreasing',
    expectedProportions(n: number, shape: number): Float64Array {
      check('expectedProportions', n, shape);
      const c = 1 / shape;
      const out = new Float64Array(n);
      if (c * Math.log(n + 1) < 600) {
        // w_k ∝ Γ(k + c) / Γ(k), ascending k stored at out[n - k]; stays far below overflow.
        let w = 1;
        for (let k = 1; k <= n; k++) {
          out[n - k] = w;
          w *= (k + c) / k;
        }
      } else {
        // Log domain for extreme exponents: subtract the largest log-weight.
        let lw = 0;
        for (let k = 1; k <= n; k++) {
          out[n - k] = lw;
          lw += Math.log1p(c / k);
        }
        const top = out[0];
        for (let i = 0; i < n; i++) out[i] = Math.exp(out[i] - top);
      }
      return toProportions(out);
    },
    sampleProportions(n: number, shape: number, rng: Rng): Float64Array {
      check('sampleProportions', n, shape);
      const c = 1 / shape;
      const draws = new Float64Array(n);
      for (let i = 0; i < n; i++) draws[i] = rng.next() ** c;
      if (n === 1) draws[0] = 1;
      return sortedProportions(draws);
    },
  };
}

/** The power law with SCALL's shape range [0.1, 30]. */
export const powerLaw: SizeDistributionV1 = createPowerLaw();
