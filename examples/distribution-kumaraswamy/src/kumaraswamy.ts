import type { QuantileDescription, Rng, SizeDistributionV1 } from '@scall/spec';
import { assertDistributionArguments, expectedOrderStatistics, sortedProportions, toProportions } from '@scall/spec';

/** Options of {@link createKumaraswamy}. */
export interface KumaraswamySettings {
  /** The fixed second parameter b > 0. Default 3. */
  readonly b?: number;
  /** Allowed first parameters `[min, max]`, min > 0. Default [0.2, 5]. */
  readonly shapeRange?: readonly [number, number];
}

/** Quantile description of Kumaraswamy(a, b): Q(u) = (1 - (1 - u)^(1/b))^(1/a), written to stay accurate near 0 and 1. */
export function kumaraswamyQuantiles(a: number, b: number): QuantileDescription {
  return {
    quantile: (u) => (-Math.expm1(Math.log1p(-u) / b)) ** (1 / a),
    upperQuantile: (v) => (-Math.expm1(Math.log(v) / b)) ** (1 / a),
  };
}

/**
 * The Kumaraswamy distribution on [0, 1], density `a b x^(a-1) (1 - x^a)^(b-1)`, with
 * `a` as the shape and `b` fixed. A smaller `a` puts more mass near 0, so a few entities
 * get most of the budget (`skewDirection: "decreasing"`). Its expected order statistics
 * come from `expectedOrderStatistics` in `@scall/spec`, which needs only the quantile.
 *
 * @example
 * const p = createKumaraswamy({ b: 3 }).expectedProportions(10_000, 0.5);
 */
export function createKumaraswamy(settings: KumaraswamySettings = {}): SizeDistributionV1 {
  const b = settings.b ?? 3;
  const [lo, hi] = settings.shapeRange ?? [0.2, 5];
  if (!(b > 0 && b < Infinity)) throw new RangeError(`createKumaraswamy: option b must be finite and > 0 (got ${b})`);
  if (!(lo > 0 && hi >= lo && hi < Infinity)) {
    throw new RangeError(`createKumaraswamy: option shapeRange must be [min, max] with 0 < min <= max < Infinity (got [${lo}, ${hi}])`);
  }
  const check = (method: string, n: number, shape: number) => assertDistributionArguments('kumaraswamy', method, n, shape, [lo, hi]);
  return {
    specificationVersion: 'v1',
    name: 'kumaraswamy',
    shapeRange: [lo, hi],
    skewDirection: 'decreasing',
    expectedProportions(n, a) {
      check('expectedProportions', n, a);
      if (n === 1) return Float64Array.of(1);
      return toProportions(expectedOrderStatistics(n, kumaraswamyQuantiles(a, b)));
    },
    sampleProportions(n, a, rng: Rng) {
      check('sampleProportions', n, a);
      if (n === 1) return Float64Array.of(1);
      const { quantile } = kumaraswamyQuantiles(a, b);
      const draws = new Float64Array(n);
      for (let i = 0; i < n; i++) draws[i] = quantile(rng.next());
      return sortedProportions(draws);
    },
  };
}

/** Kumaraswamy with b = 3 and shape range [0.2, 5]. */
export const kumaraswamy: SizeDistributionV1 = createKumaraswamy();
