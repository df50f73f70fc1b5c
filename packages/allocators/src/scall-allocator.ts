import { assertSpecificationVersion } from '@scall/plugin-utils';
import type { AllocationRequest, BudgetAllocatorV1, Rng, SizeDistributionV1, SizePlan } from '@scall/spec';
import { allocateSides } from './allocate-sides.js';
import { assignByFrequencyRank } from './frequency-rank.js';
import { sizesFromProportions } from './sizes-from-proportions.js';

/** Options of {@link createScallAllocator}. */
export interface ScallAllocatorSettings {
  /** The size distribution (e.g. `powerLaw` from `@scall/distribution-power-law`). */
  readonly distribution: SizeDistributionV1;
  /**
   * `"expected"` (default): the distribution's deterministic expected proportions.
   * `"sampled"`: one random draw per side from `request.rng` (exploration noise).
   */
  readonly proportions?: 'expected' | 'sampled';
}

/**
 * SCALL's allocator (protocol §5): users get `userShare` (rho) of the budget, items the
 * rest; each side's sizes are the distribution's proportions for its population and
 * shape times its share, water-filled into [minSize, maxSize] and rounded by largest
 * remainder ({@link sizesFromProportions}), then handed out by frequency rank
 * ({@link assignByFrequencyRank}). The total never exceeds the budget and equals it
 * unless every entity is at maxSize.
 *
 * Defaults: `userShare` = the users' share of the population; a missing shape = the
 * middle of the distribution's shape range.
 *
 * @example
 * const allocator = createScallAllocator({ distribution: powerLaw });
 * const plan = allocator.allocate({ budgetParameters: 32 * 2625, userFrequencies, itemFrequencies,
 *   userShare: 0.4, userShape: 0.5, itemShape: 2, minSize: 1, maxSize: 256 });
 */
export function createScallAllocator(settings: ScallAllocatorSettings): BudgetAllocatorV1 {
  const { distribution } = settings;
  if (!distribution) throw new TypeError('createScallAllocator: option distribution must be a SizeDistributionV1');
  assertSpecificationVersion('distribution', distribution.name, distribution);
  const mode = settings.proportions ?? 'expected';
  if (mode !== 'expected' && mode !== 'sampled') {
    throw new RangeError(`createScallAllocator: option proportions must be "expected" or "sampled" (got ${String(mode)})`);
  }
  const middle = (distribution.shapeRange[0] + distribution.shapeRange[1]) / 2;
  return {
    specificationVersion: 'v1',
    name: 'scall',
    requiresRng: mode === 'sampled',
    allocate(request: AllocationRequest): SizePlan {
      return allocateSides('scall', request, ({ frequencies, budget, shape, bounds }) => {
        if (mode === 'sampled' && !request.rng) throw new TypeError('scall allocator (proportions: "sampled"): request.rng is required');
        const n = frequencies.length;
        if (n === 0) return new Int32Array(0);
        const s = shape ?? middle;
        const p = mode === 'sampled' ? distribution.sampleProportions(n, s, request.rng as Rng) : distribution.expectedProportions(n, s);
        return assignByFrequencyRank(sizesFromProportions(p, budget, bounds), frequencies);
      });
    },
  };
}
