/**
 * A continuous distribution on the real line described by its quantile function: all
 * that {@link expectedOrderStatistics} needs. Write one of these to build a
 * `SizeDistributionV1` for a family without a closed form for its order statistics.
 */
export interface QuantileDescription {
  /** The quantile function Q(u), non-decreasing on (0, 1). Must be finite on (0, 1). */
  quantile(u: number): number;
  /**
   * Q(1 - v) computed accurately for tiny `v` (the far upper tail). Defaults to
   * `quantile(1 - v)`, which loses precision once `v < 1e-16`.
   */
  upperQuantile?(v: number): number;
  /** Q''(u). Defaults to a central finite difference of {@link QuantileDescription.quantile}. */
  quantileSecondDerivative?(u: number): number;
}

/** Ranks at each end computed by quadrature; the middle uses the second-order expansion. */
const TAIL_RANKS = 32;

/**
 * Expected order statistics of `n` independent draws, **largest first**: `out[0]` is
 * E[max], `out[n - 1]` is E[min].
 *
 * Method (deterministic, O(n)): the 32 extreme ranks at each end (every rank when
 * `n <= 64`) integrate Q against the Beta(k, n - k + 1) law of the k-th uniform order
 * statistic by the trapezoid rule over logit(u), which converges geometrically; the middle ranks use the David–Johnson expansion
 * `Q(p) + p(1 - p) Q''(p) / (2(n + 2))` with `p = k / (n + 1)`, whose error is O(1/n²).
 *
 * @example
 * // uniform on [0, 1]: E[k-th smallest of n] = k / (n + 1)
 * expectedOrderStatistics(3, { quantile: (u) => u }); // ≈ [0.75, 0.5, 0.25]
 */
export function expectedOrderStatistics(n: number, description: QuantileDescription): Float64Array {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`expectedOrderStatistics: n must be an integer >= 1 (got ${n})`);
  }
  const q = (u: number) => description.quantile(u);
  const upper = description.upperQuantile ? (v: number) => description.upperQuantile!(v) : (v: number) => q(1 - v);
  const out = new Float64Array(n);
  if (n <= 2 * TAIL_RANKS) {
    for (let k = 1; k <= n; k++) out[n - k] = rankExpectation(k, n, q, upper);
    return out;
  }
  for (let k = 1; k <= TAIL_RANKS; k++) {
    out[n - k] = rankExpectation(k, n, q, upper);
    out[k - 1] = rankExpectation(n - k + 1, n, q, upper);
  }
  const second = description.quantileSecondDerivative
    ? (u: number) => description.quantileSecondDerivative!(u)
    : (u: number) => {
        const h = 0.1 * Math.min(u, 1 - u);
        return (q(u + h) - 2 * q(u) + q(u - h)) / (h * h);
      };
  const scale = 1 / (2 * (n + 2));
  for (let k = TAIL_RANKS + 1; k <= n - TAIL_RANKS; k++) {
    const p = k / (n + 1);
    out[n - k] = q(p) + p * (1 - p) * second(p) * scale;
  }
  return out;
}

/**
 * E[Q(x)] where x is the k-th smallest of n uniforms (Beta(k, n - k + 1)), integrated
 * over y = logit(x) by the trapezoid rule. In y the weight x^k (1 - x)^(n - k + 1) is
 * smooth and unimodal with exponential tails, so the rule converges geometrically and
 * both ends of (0, 1), where Q may be unbounded, are resolved. Self-normalised: the
 * Beta constant cancels.
 */
function rankExpectation(k: number, n: number, lower: (x: number) => number, upper: (v: number) => number): number {
  const right = n - k + 1;
  const peak = Math.log(k / right);
  const width = Math.sqrt(1 / k + 1 / right);
  const yLo = peak - (40 / k + 10 * width);
  const yHi = peak + (40 / right + 10 * width);
  const steps = Math.ceil((yHi - yLo) / (width / 3));
  const h = (yHi - yLo) / steps;
  // log of x^k (1 - x)^(n - k + 1) with x = 1 / (1 + e^-y)
  const logWeight = (y: number) => -k * Math.log1p(Math.exp(-y)) - right * Math.log1p(Math.exp(y));
  const top = logWeight(peak);
  let num = 0;
  let den = 0;
  for (let i = 0; i <= steps; i++) {
    const y = yLo + i * h;
    const w = Math.exp(logWeight(y) - top);
    if (!(w > 0)) continue;
    const value = y < 0 ? lower(1 / (1 + Math.exp(-y))) : upper(1 / (1 + Math.exp(y)));
    num += w * value;
    den += w;
  }
  return num / den;
}

/**
 * Normalises `values` in place so they sum to 1 and returns them. Throws when the sum is
 * not a positive finite number (which names the first bad entry, if any).
 */
export function toProportions(values: Float64Array): Float64Array {
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!(x >= 0 && x < Infinity)) throw new RangeError(`toProportions: entry ${i} is ${x}; every value must be finite and >= 0`);
    sum += x;
  }
  if (!(sum > 0 && sum < Infinity)) throw new RangeError(`toProportions: values sum to ${sum}; need a positive finite sum`);
  const inv = 1 / sum;
  for (let i = 0; i < values.length; i++) values[i] *= inv;
  return values;
}

/**
 * Sorts `draws` in place largest first and normalises them to sum 1: one Monte-Carlo
 * size vector, as `SizeDistributionV1.sampleProportions` returns it.
 */
export function sortedProportions(draws: Float64Array): Float64Array {
  draws.sort();
  draws.reverse();
  return toProportions(draws);
}
