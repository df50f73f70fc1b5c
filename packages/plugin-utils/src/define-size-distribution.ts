import { assertDistributionArguments, type Rng, type SizeDistributionV1 } from '@scall/spec';
import { assertKnownOptions } from './assert-known-options.js';
import { expectedOrderStatistics, sortedProportions, toProportions, type QuantileDescription } from './order-statistics.js';

/** What a size distribution family is, without the skeleton every family shares. */
export interface SizeDistributionDefinition {
  /** Registry name, e.g. `"power-law"`; also names the distribution in argument errors. */
  readonly name: string;
  /** Allowed shape parameters `[min, max]` (already validated, e.g. by {@link shapeRangeSetting}). */
  readonly shapeRange: readonly [number, number];
  /** Which direction of the shape makes the allocation more skewed (`SizeDistributionV1.skewDirection`). */
  readonly skew: 'increasing' | 'decreasing';
  /**
   * For a family with a quantile function: its description for `shape` (and population
   * `n`, for families that depend on it). Gives `expected` by {@link expectedOrderStatistics}
   * and `draw` as `quantile(rng.next())` unless those are given too.
   */
  readonly quantiles?: (shape: number, n: number) => QuantileDescription;
  /**
   * The expected descending order statistics of `n >= 2` draws, largest first, in any
   * positive scale (they are normalised to sum 1). May return a fresh array it owns.
   */
  readonly expected?: (n: number, shape: number) => Float64Array;
  /**
   * A sampler of one raw draw for `shape` (and population `n`); called `n` times with
   * the caller's `rng`, the only source of randomness.
   */
  readonly draw?: (shape: number, n: number) => (rng: Rng) => number;
}

/**
 * Builds a {@link SizeDistributionV1} from a family's mathematics: checks `n` and
 * `shape` on every call (errors name the distribution and method), gives a single
 * entity the whole budget (`[1]`, without drawing), normalises `expected` to
 * proportions and sorts and normalises `n` draws for `sampleProportions`.
 *
 * @example
 * const exponentLaw = defineSizeDistribution({
 *   name: 'my-power-law',
 *   shapeRange: [0.1, 30],
 *   skew: 'decreasing',
 *   expected: (n, a) => { const out = new Float64Array(n); let w = 1; for (let k = 1; k <= n; k++) { out[n - k] = w; w *= (k + 1 / a) / k; } return out; },
 *   draw: (a) => (rng) => rng.next() ** (1 / a),
 * });
 * exponentLaw.expectedProportions(3, 1); // [0.5, 0.333…, 0.1666…]
 * // A family with a quantile function needs only that:
 * const unitUniform = defineSizeDistribution({ name: 'unit', shapeRange: [1, 1], skew: 'increasing', quantiles: () => ({ quantile: (u) => u }) });
 */
export function defineSizeDistribution(definition: SizeDistributionDefinition): SizeDistributionV1 {
  const { name, skew, quantiles } = definition;
  const expected = definition.expected ?? (quantiles && ((n: number, shape: number) => expectedOrderStatistics(n, quantiles(shape, n))));
  const draw = definition.draw ?? (quantiles && fromQuantile(quantiles));
  if (!expected || !draw) throw new TypeError(`defineSizeDistribution("${name}"): give quantiles, or expected and draw`);
  const shapeRange: readonly [number, number] = [definition.shapeRange[0], definition.shapeRange[1]];
  const check = (method: string, n: number, shape: number) => assertDistributionArguments(name, method, n, shape, shapeRange);
  return {
    specificationVersion: 'v1',
    name,
    shapeRange,
    skewDirection: skew,
    expectedProportions(n: number, shape: number): Float64Array {
      check('expectedProportions', n, shape);
      if (n === 1) return Float64Array.of(1);
      return toProportions(expected(n, shape));
    },
    sampleProportions(n: number, shape: number, rng: Rng): Float64Array {
      check('sampleProportions', n, shape);
      if (n === 1) return Float64Array.of(1);
      const next = draw(shape, n);
      const draws = new Float64Array(n);
      for (let i = 0; i < n; i++) draws[i] = next(rng);
      return sortedProportions(draws);
    },
  };
}

/** Inverse-transform sampling: one draw is the quantile of one uniform. */
function fromQuantile(quantiles: (shape: number, n: number) => QuantileDescription) {
  return (shape: number, n: number) => {
    const { quantile } = quantiles(shape, n);
    return (rng: Rng) => quantile(rng.next());
  };
}

/**
 * The option check every distribution factory shares: `shapeRange` (or `fallback`) is a
 * finite `[min, max]` with `min <= max` and `min` above (or, with `inclusive`, at)
 * `lowest`, and at most `highest`. Returns the range; the `RangeError` names `owner`.
 *
 * @example
 * shapeRangeOption('createPowerLaw', undefined, [0.1, 30], { lowest: 0 }); // [0.1, 30]
 */
export function shapeRangeOption(
  owner: string,
  shapeRange: readonly [number, number] | undefined,
  fallback: readonly [number, number],
  bounds: { readonly lowest: number; readonly inclusive?: boolean; readonly highest?: number },
): readonly [number, number] {
  const [lo, hi] = shapeRange ?? fallback;
  const highest = bounds.highest ?? Infinity;
  const aboveLowest = bounds.inclusive ? lo >= bounds.lowest : lo > bounds.lowest;
  const belowHighest = highest === Infinity ? hi < Infinity : hi <= highest;
  if (!(aboveLowest && hi >= lo && belowHighest)) {
    const rule = `${bounds.lowest} ${bounds.inclusive ? '<=' : '<'} min <= max ${highest === Infinity ? '< Infinity' : `<= ${highest}`}`;
    throw new RangeError(`${owner}: option shapeRange must be [min, max] with ${rule} (got [${lo}, ${hi}])`);
  }
  return [lo, hi];
}

/**
 * The settings check of a distribution factory whose only option is `shapeRange`:
 * rejects unknown options ({@link assertKnownOptions}) and returns the checked range
 * ({@link shapeRangeOption}).
 *
 * @example
 * const shapeRange = shapeRangeSetting('createPowerLaw', settings, [0.1, 30], { lowest: 0 });
 */
export function shapeRangeSetting(
  owner: string,
  settings: { readonly shapeRange?: readonly [number, number] },
  fallback: readonly [number, number],
  bounds: { readonly lowest: number; readonly inclusive?: boolean; readonly highest?: number },
): readonly [number, number] {
  assertKnownOptions(owner, settings, ['shapeRange']);
  return shapeRangeOption(owner, settings.shapeRange, fallback, bounds);
}
