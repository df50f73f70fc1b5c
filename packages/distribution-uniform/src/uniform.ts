import { assertDistributionArguments, assertKnownOptions, type Rng, type SizeDistributionV1 } from '@scall/spec';
import { sortedProportions, toProportions } from '@scall/spec';

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
  assertKnownOptions('createUniform', settings, ['shapeRange']);
  const [lo, hi] = settings.shapeRange ?? UNIFORM_SHAPE_RANGE;
  if (!(lo >= 0 && hi >= lo && hi <= 1)) {
    throw new RangeError(`createUniform: option shapeRange must be [min, max] with 0 <= min <= max <= 1 (got [${lo}, ${hi}])`);
  }
  const check = (method: string, n: number, shape: number) => assertDistributionArguments('uniform', method, n, shape, [lo, hi]);
  return {
    specificationVersion: 'v1',
    name: 'uniform',
    shapeRange: [lo, hi],
    skewDirection: 'increasing',
    expectedProportions(n: number, shape: number): Float64Array {
      check('expectedProportions', n, shape);
      const out = new Float64Array(n);
      const step = (2 * shape) / (n + 1);
      for (let j = 1; j <= n; j++) out[j - 1] = 1 + shape - step * j;
      return toProportions(out);
    },
    sampleProportions(n: number, shape: number, rng: Rng): Float64Array {
      check('sampleProportions', n, shape);
      const draws = new Float64Array(n);
      for (let i = 0; i < n; i++) draws[i] = 1 - shape + 2 * shape * rng.next();
      if (n === 1) draws[0] = 1;
      return sortedProportions(draws);
    },
  };
}

/** The uniform family with half-width range [0, 1]. */
export const uniform: SizeDistributionV1 = createUniform();
