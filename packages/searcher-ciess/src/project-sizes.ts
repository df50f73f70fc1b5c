import { userError } from './user-error.js';

/** How proposed sizes are fitted to the budget. */
export type BudgetProjection = 'fill' | 'cap';

/**
 * Projects real-valued size proposals onto the budget: every proposal is scaled by one
 * common factor k and clipped to [MIN, MAX], `clip(k * x, MIN, MAX)`, with k chosen so
 * that the total meets the target, then rounded to integers by largest remainder
 * (ties by index). The result never exceeds `budget`, every size lies in [MIN, MAX], and
 * the total falls short of the target only where MAX bounds everyone.
 *
 * - `'fill'`: the target is the budget (or MAX x n when that is smaller), so the plan
 *   uses the same memory as any budget-exact searcher.
 * - `'cap'`: proposals whose clipped total is within the budget are only rounded; larger
 *   ones are scaled down onto the budget.
 *
 * @example
 * projectSizes([10, 30, 60], 50, 1, 64, 'fill') // Int32Array [5, 15, 30]
 */
export function projectSizes(proposals: ArrayLike<number>, budget: number, minSize: number, maxSize: number, mode: BudgetProjection = 'fill'): Int32Array {
  const n = proposals.length;
  if (!(Number.isInteger(minSize) && Number.isInteger(maxSize) && minSize >= 1 && maxSize >= minSize)) {
    throw new RangeError(`projectSizes: need integer sizes 1 <= minSize <= maxSize (got minSize=${minSize}, maxSize=${maxSize})`);
  }
  if (mode !== 'fill' && mode !== 'cap') throw new RangeError(`projectSizes: mode must be "fill" or "cap" (got ${JSON.stringify(mode)})`);
  if (!Number.isFinite(budget)) throw new RangeError(`projectSizes: budget must be a finite number of parameters (got ${budget})`);
  if (budget < n * minSize) {
    throw userError(new RangeError(`Budget of ${budget} parameters is below MIN x population = ${minSize} x ${n} = ${n * minSize}; no size plan can fit it`));
  }
  const x = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const v = proposals[e];
    if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`projectSizes: proposal ${e} must be a finite number > 0 (got ${v})`);
    x[e] = v;
  }
  const total = (k: number) => {
    let sum = 0;
    for (let e = 0; e < n; e++) sum += Math.min(maxSize, Math.max(minSize, k * x[e]));
    return sum;
  };
  const limit = Math.floor(budget);
  let target = Math.min(limit, n * maxSize);
  let k = 1;
  if (mode === 'cap' && total(1) <= limit) {
    target = Math.min(limit, Math.round(total(1)));
  } else {
    // total(k) is continuous and non-decreasing: total(0) = n MIN <= target <= total(kHigh) = n MAX.
    let low = 0;
    let high = 0;
    for (let e = 0; e < n; e++) high = Math.max(high, maxSize / x[e]);
    for (let it = 0; it < 200 && high - low > 1e-12 * high; it++) {
      const mid = (low + high) / 2;
      if (total(mid) <= target) low = mid;
      else high = mid;
    }
    k = low;
  }
  const sizes = new Int32Array(n);
  const fraction = new Float64Array(n);
  let used = 0;
  for (let e = 0; e < n; e++) {
    const r = Math.min(maxSize, Math.max(minSize, k * x[e]));
    sizes[e] = Math.floor(r);
    fraction[e] = r - sizes[e];
    used += sizes[e];
  }
  let deficit = target - used;
  if (deficit > 0) {
    const order = Array.from({ length: n }, (_, e) => e).sort((a, b) => fraction[b] - fraction[a] || a - b);
    while (deficit > 0) {
      let grew = false;
      for (const e of order) {
        if (deficit === 0) break;
        if (sizes[e] < maxSize) {
          sizes[e] += 1;
          deficit -= 1;
          grew = true;
        }
      }
      if (!grew) break;
    }
  }
  return sizes;
}
