/**
 * Integer embedding sizes for every current user and item. Entity `e` stores exactly
 * `sizes[e]` parameters. A plan never exceeds its `budgetParameters`.
 */
export interface SizePlan {
  /** Size of each user, indexed by dense user id. */
  readonly userSizes: Int32Array;
  /** Size of each item, indexed by dense item id. */
  readonly itemSizes: Int32Array;
  /** Smallest allowed size (MIN, usually 1). */
  readonly minSize: number;
  /** Largest allowed size (MAX, 256 in SCALL). */
  readonly maxSize: number;
  /** Parameter budget the plan was made for. */
  readonly budgetParameters: number;
  /**
   * The searcher's action this plan was decoded from (SCALL: rho, alpha_u, alpha_i in
   * [0, 1]), when it has one; runners copy it into events and results.
   */
  readonly action?: readonly number[];
}

/** Total parameters a plan uses: the sum of all sizes. */
export function planParameters(plan: Pick<SizePlan, 'userSizes' | 'itemSizes'>): number {
  let total = 0;
  for (let i = 0; i < plan.userSizes.length; i++) total += plan.userSizes[i];
  for (let i = 0; i < plan.itemSizes.length; i++) total += plan.itemSizes[i];
  return total;
}

/**
 * Throws a `RangeError` naming the first violation if a plan exceeds its budget or has
 * a size outside [minSize, maxSize]. Returns the plan's parameter total.
 */
export function assertPlanWithinBudget(plan: SizePlan): number {
  const check = (sizes: Int32Array, who: string) => {
    for (let i = 0; i < sizes.length; i++) {
      const s = sizes[i];
      if (!(s >= plan.minSize && s <= plan.maxSize)) {
        throw new RangeError(`${who} ${i} has size ${s}, outside [${plan.minSize}, ${plan.maxSize}]`);
      }
    }
  };
  check(plan.userSizes, 'user');
  check(plan.itemSizes, 'item');
  const total = planParameters(plan);
  if (total > plan.budgetParameters) {
    throw new RangeError(`Size plan uses ${total} parameters, over its budget of ${plan.budgetParameters} by ${total - plan.budgetParameters}`);
  }
  return total;
}
