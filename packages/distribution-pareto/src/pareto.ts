import { defineSizeDistribution, gammaRatios, shapeRangeSetting } from '@scall/plugin-utils';
import type { SizeDistributionV1 } from '@scall/spec';

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
  const shapeRange = shapeRangeSetting('createPareto', settings, PARETO_SHAPE_RANGE, { lowest: 1 });
  // E[X_(j)] ∝ Γ(j - 1/b) / Γ(j), largest (j = 1) first; one draw is U^(-1/b).
  return defineSizeDistribution({ name: 'pareto', shapeRange, skew: 'decreasing', expected: (n, b) => gammaRatios(n, -1 / b), draw: (b) => (rng) => (1 - rng.next()) ** (-1 / b) });
}

/** The Pareto distribution with the reference shape range [30, 100]. */
export const pareto: SizeDistributionV1 = createPareto();
