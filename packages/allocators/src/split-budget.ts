/** Parameters for users and for items; they add up to the whole budget. */
export interface BudgetSplit {
  readonly userBudget: number;
  readonly itemBudget: number;
}

/**
 * Splits an integer budget between users and items: users get `floor(userShare × budget)`,
 * clamped so that both sides can give every entity at least `minSize` and so that
 * neither side is given more than `maxSize` per entity while the other could use it.
 * Items get the rest, so the two always add up to `budget`.
 *
 * With `overflow: 'drop'` (the reference code) a side's share above `maxSize` × its
 * population is not moved to the other side but left unused, so the two may add up to
 * less than `budget`; both sides still get at least `minSize` per entity.
 *
 * @example
 * splitBudget(1000, 0.3, { nUsers: 10, nItems: 10, minSize: 1, maxSize: 256 }); // { userBudget: 300, itemBudget: 700 }
 */
export function splitBudget(
  budget: number,
  userShare: number,
  population: { readonly nUsers: number; readonly nItems: number; readonly minSize: number; readonly maxSize: number },
  overflow: 'redistribute' | 'drop' = 'redistribute',
): BudgetSplit {
  const { nUsers, nItems, minSize, maxSize } = population;
  if (overflow === 'drop') {
    const floorUsers = Math.max(minSize * nUsers, Math.min(Math.floor(userShare * budget), budget - minSize * nItems));
    const userBudget = Math.min(maxSize * nUsers, floorUsers);
    const itemBudget = Math.min(maxSize * nItems, budget - floorUsers);
    return { userBudget, itemBudget };
  }
  if (overflow !== 'redistribute') throw new RangeError(`overflow must be 'redistribute' or 'drop', got ${JSON.stringify(overflow)}`);
  const lo = Math.max(minSize * nUsers, budget - maxSize * nItems);
  const hi = Math.min(maxSize * nUsers, budget - minSize * nItems);
  let userBudget = Math.floor(userShare * budget);
  if (lo > hi) userBudget = Math.max(minSize * nUsers, Math.min(hi, maxSize * nUsers));
  else userBudget = Math.min(hi, Math.max(lo, userBudget));
  return { userBudget, itemBudget: budget - userBudget };
}
