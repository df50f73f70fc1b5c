import { defineSizeDistribution, shapeRangeSetting } from '@scall/plugin-utils';
import type { SizeDistributionV1 } from '@scall/spec';

/** Default shape range of the uniform family: half-width `w` in [0, 1]. */
export const UNIFORM_SHAPE_RANGE: readonly [number, number] = [0, 1];

/** Options of {@link createUniform}. */
export interface UniformSettings {
  /** Allowed half-widths `[min, max]` inside [0, 1]. Default {@link UNIFORM_SHAPE_RANGE}. */
  readonly shapeRange?: readonly [number, number];
}

/**
 * The uniform distribution on [1 - w, 1 + w] with half-width `w` as its shape. `w = 0`
 * gives every entity the same size (SCALL's warm-up allocation); `w = 1` (uniform on
 * [0, 2]) gives sizes falling linearly from twice the mean to zero. A larger `w` is more
 * skewed (`skewDirection: "increasing"`).
 *
 * `expectedProportions` is exact: the j-th largest of n draws has
 * E[X_(j)] = 1 + w (1 - 2j / (n + 1)); these sum to n, so p_j = E[X_(j)] / n.
 *
 * @example
 * createUniform().expectedProportions(3, 1); // [0.5, 0.333…, 0.1666…]
 */
export function createUniform(settings: UniformSettings = {}): SizeDistributionV1 {
  const shapeRange = shapeRangeSetting('createUniform', settings, UNIFORM_SHAPE_RANGE, { lowest: 0, inclusive: true, highest: 1 });
  return defineSizeDistribution({ name: 'uniform', shapeRange, skew: 'increasing', expected: expectedUniform, draw: (w) => (rng) => 1 - w + 2 * w * rng.next() });
}

/** E[X_(j)] = 1 + w (1 - 2j / (n + 1)) for the j-th largest of n draws. */
function expectedUniform(n: number, w: number): Float64Array {
  const out = new Float64Array(n);
  const step = (2 * w) / (n + 1);
  for (let j = 1; j <= n; j++) out[j - 1] = 1 + w - step * j;
  return out;
}

/** The uniform family with half-width range [0, 1]. */
export const uniform: SizeDistributionV1 = createUniform();
