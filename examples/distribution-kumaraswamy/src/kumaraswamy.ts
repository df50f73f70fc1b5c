import { defineSizeDistribution, shapeRangeOption, type QuantileDescription } from '@scall/plugin-utils';
import type { SizeDistributionV1 } from '@scall/spec';

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
 * come from `defineSizeDistribution` in `@scall/plugin-utils`, which needs only the
 * quantile (expected order statistics by quadrature, draws by inversion) and supplies
 * the argument checks and normalisation.
 *
 * @example
 * const p = createKumaraswamy({ b: 3 }).expectedProportions(10_000, 0.5);
 */
export function createKumaraswamy(settings: KumaraswamySettings = {}): SizeDistributionV1 {
  const b = settings.b ?? 3;
  if (!(b > 0 && b < Infinity)) throw new RangeError(`createKumaraswamy: option b must be finite and > 0 (got ${b})`);
  const shapeRange = shapeRangeOption('createKumaraswamy', settings.shapeRange, [0.2, 5], { lowest: 0 });
  return defineSizeDistribution({ name: 'kumaraswamy', shapeRange, skew: 'decreasing', quantiles: (a) => kumaraswamyQuantiles(a, b) });
}

/** Kumaraswamy with b = 3 and shape range [0.2, 5]. */
export const kumaraswamy: SizeDistributionV1 = createKumaraswamy();
