import { createRng } from '@scall/rng';
import { shapeFromUnit, type AllocationRequest, type Rng, type SizePlan } from '@scall/spec';
import type { BetFamily } from './bet-families.js';

/**
 * One of BET's table-level actions: how the budget is split and which size
 * distribution each side follows. It is independent of the population, so an action
 * found on segment t−1 gives sizes for segment t's (larger) population too.
 */
export interface BetAction {
  /** Share of the budget for users, w in [0, 1]; items get 1 − w. */
  readonly userShare: number;
  /** Index of the users' family in the searcher's family list. */
  readonly userFamily: number;
  /** Position of the users' shape inside its family's shape range, in [0, 1]. */
  readonly userShape: number;
  readonly itemFamily: number;
  readonly itemShape: number;
  /** Seed of the draw when proportions are sampled (unused with expected proportions). */
  readonly seed: number;
}

/** How a side's proportions are obtained: the family's expected order statistics, or one seeded random draw (BET's code). */
export type ProportionMode = 'expected' | 'sampled';

/** The population and budget an action is applied to. */
export interface ActionTarget {
  readonly userFrequencies: ArrayLike<number>;
  readonly itemFrequencies: ArrayLike<number>;
  readonly budgetParameters: number;
  readonly minSize: number;
  readonly maxSize: number;
}

/**
 * Draws an action as BET's sampler does: w ~ U(0, 1), and per side a family drawn
 * uniformly from `families` with its shape uniform in the family's range.
 *
 * @example
 * const action = sampleBetAction(createRng(1), BET_FAMILIES.length);
 */
export function sampleBetAction(rng: Rng, familyCount: number): BetAction {
  if (!(Number.isInteger(familyCount) && familyCount >= 1)) throw new RangeError(`sampleBetAction: familyCount must be a positive integer (got ${familyCount})`);
  return {
    userShare: rng.next(),
    userFamily: rng.nextInt(familyCount),
    userShape: rng.next(),
    itemFamily: rng.nextInt(familyCount),
    itemShape: rng.next(),
    seed: rng.nextInt(0x7fffffff),
  };
}

/** An action as a flat vector `[w, userFamily, userShape, itemFamily, itemShape]` (for events). */
export function actionVector(action: BetAction): number[] {
  return [action.userShare, action.userFamily, action.userShape, action.itemFamily, action.itemShape];
}

/**
 * Sizes for an action on a population, with the budget guarantee exact. Each side is
 * sized by its family's allocator (`BetFamily.allocator`, the registered `scall`
 * allocator on that family's distribution): the budget is split by `userShare`, the
 * side's proportions are water-filled into [minSize, maxSize] and rounded by largest
 * remainder, so the total equals the budget (unless every entity is at maxSize) and
 * nothing is rejected or rounded over it. Sizes go out by frequency rank: entities first
 * seen after the search take their place in the ranking by their current frequency.
 * With two different families each family's allocation gives its own side (the split
 * depends only on the share and the populations, so both agree on it); with sampled
 * proportions each allocation draws from `createRng(action.seed)`. A budget below
 * minSize × population throws the allocator's `InsufficientBudgetError`.
 *
 * @example
 * const families = resolveBetFamilies(BET_FAMILIES, components, 'expected');
 * const plan = actionToPlan(action, { userFrequencies, itemFrequencies, budgetParameters: 8 * n, minSize: 1, maxSize: 128 }, families);
 */
export function actionToPlan(action: BetAction, target: ActionTarget, families: readonly BetFamily[]): SizePlan {
  const { userFrequencies, itemFrequencies, budgetParameters, minSize, maxSize } = target;
  for (const [side, index] of [['userFamily', action.userFamily], ['itemFamily', action.itemFamily]] as const) {
    if (!(Number.isInteger(index) && index >= 0 && index < families.length)) {
      throw new RangeError(`actionToPlan: action.${side} is ${index}; expected an index into the ${families.length} families`);
    }
  }
  if (!(action.userShare >= 0 && action.userShare <= 1)) throw new RangeError(`actionToPlan: action.userShare must be in [0, 1] (got ${action.userShare})`);
  const users = families[action.userFamily];
  const items = families[action.itemFamily];
  const userShape = shapeFromUnit(users.distribution, action.userShape);
  const itemShape = shapeFromUnit(items.distribution, action.itemShape);
  const allocate = (family: BetFamily, shapes: Pick<AllocationRequest, 'userShape' | 'itemShape'>): SizePlan =>
    family.allocator.allocate({
      budgetParameters,
      userFrequencies,
      itemFrequencies,
      userShare: action.userShare,
      ...shapes,
      minSize,
      maxSize,
      rng: family.allocator.requiresRng ? createRng(action.seed) : undefined,
    });
  // One family: one allocation. Two: each gives its own side; the other side's shape is
  // left out (its family's middle), as only this side's sizes are kept.
  const both = users === items ? allocate(users, { userShape, itemShape }) : undefined;
  const userSizes = both ? both.userSizes : allocate(users, { userShape }).userSizes;
  const itemSizes = both ? both.itemSizes : allocate(items, { itemShape }).itemSizes;
  return { userSizes, itemSizes, minSize, maxSize, budgetParameters };
}
