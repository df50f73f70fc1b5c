import { InsufficientBudgetError } from './insufficient-budget-error.js';

/** Size bounds for {@link sizesFromProportions}. */
export interface SizeBounds {
  /** Smallest size (MIN), an integer >= 1. */
  readonly minSize: number;
  /** Largest size (MAX), an integer >= minSize. */
  readonly maxSize: number;
}

/**
 * Turns non-increasing proportions into non-increasing integer sizes in
 * [minSize, maxSize] that use the budget exactly whenever the bounds allow it:
 *
 * 1. **Water-filling**: real sizes `x_i = clamp(λ p_i, minSize, maxSize)` with the level
 *    λ solved so that Σ x_i = budget (the fixed point the reference code's clip-and-
 *    rescale loop aims at). Entities with `p_i = 0` share what the others cannot take.
 * 2. **Largest-remainder rounding**: every size is `floor(x_i)` or `floor(x_i) + 1`, the
 *    +1 going to the largest fractional parts (ties to the higher-ranked entity), so the
 *    sum is exactly `budget` and no entity is off by one unit or more from its ideal.
 *
 * When `budget > maxSize × n` every size is `maxSize` (the bounds force a leftover); a
 * budget below `minSize × n` throws {@link InsufficientBudgetError}. Proportions need
 * not sum to 1 (only their ratios matter); they must be finite, >= 0 and
 * non-increasing (tiny increases from rounding are flattened). O(n).
 *
 * @example
 * sizesFromProportions(Float64Array.of(0.6, 0.3, 0.1), 100, { minSize: 1, maxSize: 50 }); // Int32Array [50, 37, 13]
 */
export function sizesFromProportions(proportions: ArrayLike<number>, budget: number, bounds: SizeBounds): Int32Array {
  const { minSize, maxSize } = bounds;
  const n = proportions.length;
  const sizes = new Int32Array(n);
  if (n === 0) return sizes;
  if (budget < minSize * n) throw new InsufficientBudgetError(budget, minSize, n);
  if (budget >= maxSize * n) return sizes.fill(maxSize);
  if (budget === minSize * n || minSize === maxSize) return sizes.fill(minSize);

  // Non-increasing copy (running minimum) and prefix sums.
  const p = new Float64Array(n);
  const prefix = new Float64Array(n + 1);
  let positive = 0;
  for (let i = 0; i < n; i++) {
    const v = proportions[i];
    if (!(v >= 0 && v < Infinity)) throw new RangeError(`sizesFromProportions: proportion ${i} is ${v}; proportions must be finite and >= 0`);
    p[i] = i > 0 && v > p[i - 1] ? p[i - 1] : v;
    prefix[i + 1] = prefix[i] + p[i];
    if (p[i] > 0) positive = i + 1;
  }

  const x = new Float64Array(n);
  const ceiling = maxSize * positive + minSize * (n - positive);
  if (budget >= ceiling) {
    // Every entity with positive proportion is at MAX; the zero-proportion tail shares the rest equally.
    const share = positive < n ? Math.min(maxSize, minSize + (budget - ceiling) / (n - positive)) : maxSize;
    for (let i = 0; i < n; i++) x[i] = i < positive ? maxSize : share;
  } else {
    const level = waterLevel(p, prefix, positive, budget, minSize, maxSize);
    for (let i = 0; i < n; i++) {
      const v = level * p[i];
      x[i] = v <= minSize ? minSize : v >= maxSize ? maxSize : v;
    }
  }
  roundLargestRemainder(x, sizes, budget, minSize, maxSize);
  return sizes;
}

/** Number of leading entries of non-increasing `p` (among the first `end`) that are >= threshold (or > when strict). */
function countAbove(p: Float64Array, end: number, threshold: number, strict: boolean): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? p[mid] > threshold : p[mid] >= threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The level λ with Σ clamp(λ p_i, min, max) = budget, for min·n < budget < ceiling. */
function waterLevel(p: Float64Array, prefix: Float64Array, positive: number, budget: number, minSize: number, maxSize: number): number {
  const n = p.length;
  const total = (level: number) => {
    const a = countAbove(p, positive, maxSize / level, false);
    const b = countAbove(p, positive, minSize / level, true);
    return maxSize * a + level * (prefix[b] - prefix[a]) + minSize * (n - b);
  };
  let lo = 0;
  let hi = budget / prefix[positive];
  while (total(hi) < budget) hi *= 2;
  for (let iter = 0; iter < 200 && hi - lo > hi * 1e-15; iter++) {
    const mid = 0.5 * (lo + hi);
    if (total(mid) < budget) lo = mid;
    else hi = mid;
  }
  // Solve the linear piece exactly for the bounds pattern found.
  const a = countAbove(p, positive, maxSize / hi, false);
  const b = countAbove(p, positive, minSize / hi, true);
  const free = prefix[b] - prefix[a];
  if (free > 0) {
    const exact = (budget - maxSize * a - minSize * (n - b)) / free;
    if (exact > 0 && Number.isFinite(exact)) return exact;
  }
  return hi;
}

const BINS = 1 << 16;

/**
 * Floors `x` into `sizes`, then hands the missing units to the largest fractional parts
 * (ties to the lower index) among sizes below `maxSize`, or takes surplus units from the
 * smallest fractional parts above `minSize`. Keeps `sizes` non-increasing when `x` is.
 */
function roundLargestRemainder(x: Float64Array, sizes: Int32Array, budget: number, minSize: number, maxSize: number): void {
  const n = x.length;
  const frac = new Float64Array(n);
  let used = 0;
  for (let i = 0; i < n; i++) {
    const f = Math.floor(x[i]);
    sizes[i] = f;
    frac[i] = x[i] - f;
    used += f;
  }
  let missing = budget - used;
  while (missing > 0) {
    const given = giveUnits(frac, sizes, missing, maxSize);
    if (given === 0) break;
    missing -= given;
  }
  for (let i = n - 1; i >= 0 && missing < 0; i--) {
    if (sizes[i] > minSize) {
      sizes[i]--;
      missing++;
    }
  }
}

/** Adds one unit to up to `count` eligible entities with the largest fractional parts; returns how many. */
function giveUnits(frac: Float64Array, sizes: Int32Array, count: number, maxSize: number): number {
  const n = frac.length;
  const bins = new Uint32Array(BINS);
  let eligible = 0;
  for (let i = 0; i < n; i++) {
    if (sizes[i] < maxSize) {
      bins[Math.min(BINS - 1, Math.floor(frac[i] * BINS))]++;
      eligible++;
    }
  }
  if (eligible === 0) return 0;
  if (eligible <= count) {
    for (let i = 0; i < n; i++) if (sizes[i] < maxSize) sizes[i]++;
    for (let i = 0; i < n; i++) frac[i] = 0;
    return eligible;
  }
  let boundary = BINS - 1;
  let above = 0;
  while (above + bins[boundary] < count) above += bins[boundary--];
  const need = count - above;
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    if (sizes[i] >= maxSize) continue;
    const bin = Math.min(BINS - 1, Math.floor(frac[i] * BINS));
    if (bin > boundary) {
      sizes[i]++;
      frac[i] = 0;
    } else if (bin === boundary) tied.push(i);
  }
  let allEqual = true;
  for (let k = 1; k < tied.length && allEqual; k++) allEqual = frac[tied[k]] === frac[tied[0]];
  if (!allEqual) tied.sort((i, j) => frac[j] - frac[i] || i - j);
  for (let k = 0; k < need; k++) {
    sizes[tied[k]]++;
    frac[tied[k]] = 0;
  }
  return count;
}
