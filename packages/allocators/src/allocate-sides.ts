import type { AllocationRequest, SizePlan } from '@scall/spec';
import { checkRequest } from './allocation-request-check.js';
import type { SizeBounds } from './sizes-from-proportions.js';
import { splitBudget } from './split-budget.js';

/** One side (users or items) of an allocation, as {@link allocateSides} hands it out (internal). */
export interface AllocationSide {
  readonly frequencies: ArrayLike<number>;
  /** The side's share of the budget. */
  readonly budget: number;
  /** The side's shape parameter from the request, if any. */
  readonly shape: number | undefined;
  readonly bounds: SizeBounds;
}

/**
 * The frame every allocator here shares (internal): validate the request, split the
 * budget between users and items (by `userShare`, else by population), size each side
 * with `sizeSide`, and return the plan.
 */
export function allocateSides(allocator: string, request: AllocationRequest, sizeSide: (side: AllocationSide) => Int32Array): SizePlan {
  const { budget, minSize, maxSize, nUsers, nItems } = checkRequest(allocator, request);
  const share = request.userShare ?? nUsers / Math.max(1, nUsers + nItems);
  const { userBudget, itemBudget } = splitBudget(budget, share, { nUsers, nItems, minSize, maxSize }, request.overflow ?? 'redistribute');
  const bounds = { minSize, maxSize };
  return {
    userSizes: sizeSide({ frequencies: request.userFrequencies, budget: userBudget, shape: request.userShape, bounds }),
    itemSizes: sizeSide({ frequencies: request.itemFrequencies, budget: itemBudget, shape: request.itemShape, bounds }),
    minSize,
    maxSize,
    budgetParameters: budget,
  };
}
