import { assertDistributionArguments, assertKnownOptions, type Rng, type SizeDistributionV1 } from '@scall/spec';
import { sortedProportions, toProportions } from '@scall/spec';

/** The reference code's shape range for the Pareto distribution: `b` in [30, 100]. */
export const PARETO_SHAPE_RANGE: readonly [number, number] = [30, 100];

/** Options of {@link createPareto}. */
export interface ParetoSettings {
  /** Allowed shapes `[min, max]`, min > 1 (the mean must be finite). Default {@link PARETO_SHAPE_RANGE}. */
  readonly shapeRange?: readonly [number, number];
}

/**
 * The Pareto distribution with density `b / x^(b + 1)` on [1, ∞) (scipy's `pareto(b)`).
 * A smaller `b` has a heavier tail, so the top entities get more of the budget
 * (`skewDirection: "decreasing"`). In SCALL's range [30, 100] the draws lie close to 1
 * and the allocation is mild: the top entity gets only a few tens of percent more than
 * the median one.
 *
 * `expectedProportions` is exact: X = U^(-1/b), so the j-th largest of n draws has
 * E[X_(j)] ∝ Γ(j - 1/b) / Γ(j), computed by the recursion
 * E[X_(j+1)] / E[X_(j)] = (j - 1/b) / j in O(n), then normalised to sum 1.
 *
 * @example
 * const p = createPareto().expectedProportions(1000, 30); // p[0] largest, sums to 1
 */
export function createPareto(settings: ParetoSettings = {}): SizeDistributionV1 {
  assertKnownOptions('createPareto', settings, ['shapeRange']);
  const [lo, hi] = settings.shapeRange ?? PARETO_SHAPE_RANGE;
  if (!(lo > 1 && hi >= lo && hi < Infinity)) {
    throw new RangeError(`createPareto: option shapeRange must be [min, max] with 1 < min <= max < Infinity (got [${lo}, ${hi}])`);
  }
  const check = (method: string, n: number, shape: number) => assertDistributionArguments('pareto', method, n, shape, [lo, hi]);
  return {
    specificationVersion: 'v1',
    name: 'pareto',
    shapeRange: [lo, hi],
    skewDirection: 'decreasing',
    expectedProportions(n: number, shape: number): Float64Array {
      check('expectedProportions', n, shape);
      const c = 1 / shape;
      const out = new Float64Array(n);
      let w = 1;
      for (let j = 1; j <= n; j++) {
        out[j - 1] = w;
        w *= (j - c) / j;
      }
      return toProportions(out);
    },
    sampleProportions(n: number, shape: number, rng: Rng): Float64Array {
      check('sampleProportions', n, shape);
      const c = -1 / shape;
      const draws = new Float64Array(n);
      for (let i = 0; i < n; i++) draws[i] = (1 - rng.next()) ** c;
      return sortedProportions(draws);
    },
  };
}

/** The Pareto distribution with the reference shape range [30, 100]. */
export const pareto: SizeDistributionV1 = createPareto();
