import type { AllocationRequest, BudgetAllocatorV1, SizePlan } from '@scall/spec';
import { allocateSides } from './allocate-sides.js';
import { assignByFrequencyRank } from './frequency-rank.js';
import { sizesFromProportions } from './sizes-from-proportions.js';

/**
 * Uniform sizes (the ES / SU baselines and SCALL's warm-up): each side's budget divided
 * equally, `floor(budget / n)` each, the remainder as +1 to the most frequent entities.
 * The budget is split by `userShare` when given, else by population (every entity the
 * same size up to one unit). Budget-exact unless every entity is at maxSize.
 *
 * @example
 * createUniformAllocator().allocate({ budgetParameters: 10, userFrequencies: [1, 2], itemFrequencies: [5],
 *   minSize: 1, maxSize: 8 }); // split by population 6 / 4: userSizes [3, 3], itemSizes [4]
 */
export function createUniformAllocator(): BudgetAllocatorV1 {
  return {
    specificationVersion: 'v1',
    name: 'uniform',
    allocate(request: AllocationRequest): SizePlan {
      return allocateSides('uniform', request, ({ frequencies, budget, bounds }) =>
        assignByFrequencyRank(sizesFromProportions(new Float64Array(frequencies.length).fill(1), budget, bounds), frequencies),
      );
    },
  };
}
