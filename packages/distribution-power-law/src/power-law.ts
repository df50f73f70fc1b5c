import { defineSizeDistribution, gammaRatios, shapeRangeSetting } from '@scall/plugin-utils';
import type { SizeDistributionV1 } from '@scall/spec';

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
  const shapeRange = shapeRangeSetting('createPowerLaw', settings, POWER_LAW_SHAPE_RANGE, { lowest: 0 });
  return defineSizeDistribution({ name: 'power-law', shapeRange, skew: 'decreasing', expected: expectedPowerLaw, draw: (a) => (rng) => rng.next() ** (1 / a) });
}

/** E[X_(k)] ∝ Γ(k + 1/a) / Γ(k) for the k-th smallest, stored largest first. */
function expectedPowerLaw(n: number, a: number): Float64Array {
  const c = 1 / a;
  // Far below overflow the recursion is direct; for extreme exponents, the log domain.
  const out = c * Math.log(n + 1) < 600 ? gammaRatios(n, c) : logGammaRatios(n, c);
  return out.reverse();
}

/** exp(log w_k - log w_n) with log w_(k+1) = log w_k + log1p(c / k): the weights scaled so the largest is 1. */
function logGammaRatios(n: number, c: number): Float64Array {
  const out = new Float64Array(n);
  let lw = 0;
  for (let k = 1; k <= n; k++) {
    out[k - 1] = lw;
    lw += Math.log1p(c / k);
  }
  const top = out[n - 1];
  for (let i = 0; i < n; i++) out[i] = Math.exp(out[i] - top);
  return out;
}

/** The power law with SCALL's shape range [0.1, 30]. */
export const powerLaw: SizeDistributionV1 = createPowerLaw();
