import { createLogNormal } from '@scall/distribution-log-normal';
import { createPowerLaw } from '@scall/distribution-power-law';
import { createTruncatedExponential } from '@scall/distribution-truncated-exponential';
import type { SizeDistributionV1 } from '@scall/spec';
import { createShiftedNormal } from './shifted-normal.js';

/** Shape ranges of BET's four families: power law up to 20, normal up to 20, exponential up to 5, log-normal up to 0.5. */
export const BET_SHAPE_RANGES = {
  powerLaw: [0.1, 20],
  normal: [0, 20],
  exponential: [0.1, 5],
  logNormal: [0.05, 0.5],
} as const satisfies Record<string, readonly [number, number]>;

/**
 * BET's four size families with BET's shape ranges, built from this library's
 * distributions: the power law (`@scall/distribution-power-law`), the shifted normal
 * ({@link createShiftedNormal}), the truncated exponential
 * (`@scall/distribution-truncated-exponential`) and the log-normal
 * (`@scall/distribution-log-normal`). The action sampler draws a family uniformly from
 * this list and its shape uniformly in the family's range.
 *
 * @example
 * const families = createBetFamilies(); // [power-law, shifted-normal, truncated-exponential, log-normal]
 */
export function createBetFamilies(): SizeDistributionV1[] {
  return [
    createPowerLaw({ shapeRange: BET_SHAPE_RANGES.powerLaw }),
    createShiftedNormal({ shapeRange: BET_SHAPE_RANGES.normal }),
    createTruncatedExponential({ shapeRange: BET_SHAPE_RANGES.exponential }),
    createLogNormal({ shapeRange: BET_SHAPE_RANGES.logNormal }),
  ];
}
