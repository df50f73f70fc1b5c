/**
 * The ratios w_k = Γ(k + a) / (Γ(k) Γ(1 + a)) for k = 1..n by the recursion
 * w_1 = 1, w_(k+1) = w_k (k + a) / k, in O(n): the expected order statistics of the
 * power law (a = 1/shape, k-th smallest) and of the Pareto distribution (a = -1/shape,
 * k-th largest) up to a constant factor. Needs a > -1; stays finite while
 * a · ln(n + 1) is far below 700.
 *
 * @example
 * gammaRatios(3, 1); // [1, 2, 3]
 */
export function gammaRatios(n: number, a: number): Float64Array {
  const out = new Float64Array(n);
  let w = 1;
  for (let k = 1; k <= n; k++) {
    out[k - 1] = w;
    w *= (k + a) / k;
  }
  return out;
}
