import { createRng } from '@scall/rng';
import type { Rng } from '@scall/spec';

const PURPOSES = { search: 1, init: 2, train: 3 } as const;

/** What a per-segment generator is for; each purpose gets its own stream. */
export type RngPurpose = keyof typeof PURPOSES;

/**
 * A generator that depends only on (seed, segment, purpose), so a resumed run draws
 * exactly what an uninterrupted one would.
 */
export function segmentRng(seed: number, segment: number, purpose: RngPurpose): Rng {
  let h = Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(segment + 1, 0x85ebca77) ^ Math.imul(PURPOSES[purpose], 0xc2b2ae3d);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return createRng((h ^ (h >>> 12)) | 0);
}
