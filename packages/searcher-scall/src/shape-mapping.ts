import { shapeFromUnit, type SizeDistributionV1 } from '@scall/spec';

/**
 * How a unit action component becomes a shape parameter: `'linear'` (the reference:
 * `lo + u (hi - lo)`) or `'log'` (`lo (hi / lo)^u`, geometric, so that a power law's
 * skewed shapes below 1 take 40 % of the unit interval instead of 3 %).
 */
export type ShapeMapping = 'linear' | 'log';

/** Checks that `mapping` is known and usable with the distribution's shape range; throws naming the problem. */
export function assertShapeMapping(mapping: ShapeMapping, distribution: Pick<SizeDistributionV1, 'name' | 'shapeRange'>): void {
  if (mapping !== 'linear' && mapping !== 'log') {
    throw new RangeError(`shapeMapping must be 'linear' or 'log', got ${JSON.stringify(mapping)}`);
  }
  const [lo, hi] = distribution.shapeRange;
  if (mapping === 'log' && !(lo > 0 && hi > lo)) {
    throw new RangeError(`shapeMapping 'log' needs a shape range 0 < lo < hi; distribution "${distribution.name}" has [${lo}, ${hi}]`);
  }
}

/**
 * Maps `u` (clamped to [0, 1]) onto the distribution's shape range with `mapping`.
 *
 * @example
 * mapShape({ name: 'power-law', shapeRange: [0.1, 30] }, 0.5, 'log'); // ~1.73
 */
export function mapShape(distribution: Pick<SizeDistributionV1, 'name' | 'shapeRange'>, u: number, mapping: ShapeMapping = 'linear'): number {
  if (mapping === 'linear') return shapeFromUnit(distribution, u);
  assertShapeMapping(mapping, distribution);
  const [lo, hi] = distribution.shapeRange;
  const clamped = Math.min(1, Math.max(0, u));
  // Exact at both ends, whatever the rounding of pow.
  if (clamped === 0) return lo;
  if (clamped === 1) return hi;
  return Math.min(hi, Math.max(lo, lo * Math.pow(hi / lo, clamped)));
}
