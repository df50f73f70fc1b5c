import type { AllocationRequest, BudgetAllocatorV1, SizePlan } from '@scall/spec';
import { shuffle } from '@scall/rng';
import { allocateSides } from './allocate-sides.js';
import { sizesFromProportions } from './sizes-from-proportions.js';

/**
 * Random sizes (the MR / SR baselines): each entity draws a weight uniformly from [0, 1)
 * with `request.rng` (required); weights are water-filled into the side's budget and
 * [minSize, maxSize] and rounded by largest remainder, then given to entities in a
 * random order, ignoring frequency. The budget is split by `userShare` when given, else
 * by population. Same RNG state, same plan.
 *
 * @example
 * createRandomAllocator().allocate({ ...request, rng: createRng(7) });
 */
export function createRandomAllocator(): BudgetAllocatorV1 {
  return {
    specificationVersion: 'v1',
    name: 'random',
    requiresRng: true,
    allocate(request: AllocationRequest): SizePlan {
      return allocateSides('random', request, ({ frequencies, budget, bounds }) => {
        const rng = request.rng;
        if (!rng) throw new TypeError('random allocator: request.rng is required (pass createRng(seed) from @scall/rng)');
        const n = frequencies.length;
        const weights = new Float64Array(n);
        for (let i = 0; i < n; i++) weights[i] = rng.next();
        weights.sort().reverse();
        const ranked = sizesFromProportions(weights, budget, bounds);
        const ids = new Uint32Array(n);
        for (let i = 0; i < n; i++) ids[i] = i;
        shuffle(rng, ids);
        const out = new Int32Array(n);
        for (let r = 0; r < n; r++) out[ids[r]] = ranked[r];
        return out;
      });
    },
  };
}
