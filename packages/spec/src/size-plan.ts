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
 * What a plan is checked against. Each bound left out is the plan's own (`minSize`,
 * `maxSize`, `budgetParameters`); the population is checked only when given.
 */
export interface PlanLimits {
  /** Users the plan must size (`userSizes.length`). */
  readonly numUsers?: number;
  /** Items the plan must size (`itemSizes.length`). */
  readonly numItems?: number;
  /** Smallest size allowed (MIN). */
  readonly minSize?: number;
  /** Largest size allowed (MAX). */
  readonly maxSize?: number;
  /**
   * Parameters allowed (the run's budget on the segment). Given, the plan's total and the
   * budget it declares (`plan.budgetParameters`) must both stay within it.
   */
  readonly budgetParameters?: number;
}

/**
 * Throws a `RangeError` naming the first entity whose size is outside `[minSize, maxSize]`
 * (integers only), or a population that does not match. The one size rule of the code
 * base: the runner's plan check ({@link assertPlanWithinBudget}) and the recommenders'
 * `build` apply it. Returns the plan's parameter total.
 *
 * @example
 * assertPlanSizes(plan, { numUsers: segment.numUsers, numItems: segment.numItems });
 */
export function assertPlanSizes(plan: Pick<SizePlan, 'userSizes' | 'itemSizes' | 'minSize' | 'maxSize'>, limits: Omit<PlanLimits, 'budgetParameters'> = {}): number {
  const minSize = limits.minSize ?? plan.minSize;
  const maxSize = limits.maxSize ?? plan.maxSize;
  let total = 0;
  const check = (sizes: Int32Array, who: string, expected: number | undefined) => {
    if (expected !== undefined && sizes.length !== expected) throw new RangeError(`plan has ${sizes.length} ${who} sizes but the segment has ${expected} ${who}s`);
    for (let i = 0; i < sizes.length; i++) {
      const s = sizes[i];
      if (!(Number.isInteger(s) && s >= minSize && s <= maxSize)) {
        throw new RangeError(`${who} ${i} has size ${s}, outside [${minSize}, ${maxSize}]`);
      }
      total += s;
    }
  };
  check(plan.userSizes, 'user', limits.numUsers);
  check(plan.itemSizes, 'item', limits.numItems);
  return total;
}

/**
 * Throws a `RangeError` naming the first violation if a plan has a size outside
 * `[minSize, maxSize]` ({@link assertPlanSizes}), the wrong population, or exceeds its
 * budget; checks against `limits` where given (the runner passes the run's population,
 * sizes and budget), else against the plan's own fields. Returns the plan's parameter
 * total.
 *
 * @example
 * assertPlanWithinBudget(plan); // against the plan's own minSize, maxSize and budgetParameters
 * assertPlanWithinBudget(plan, { numUsers, numItems, minSize: 1, maxSize: 256, budgetParameters: allowed });
 */
export function assertPlanWithinBudget(plan: SizePlan, limits: PlanLimits = {}): number {
  const total = assertPlanSizes(plan, limits);
  const allowed = limits.budgetParameters ?? plan.budgetParameters;
  if (limits.budgetParameters !== undefined && plan.budgetParameters > limits.budgetParameters) {
    throw new RangeError(`Size plan declares a budget of ${plan.budgetParameters} parameters; the run allows ${limits.budgetParameters}`);
  }
  if (total > allowed) {
    throw new RangeError(`Size plan uses ${total} parameters, over its budget of ${allowed} by ${total - allowed}`);
  }
  return total;
}
