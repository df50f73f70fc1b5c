import { shapeFromUnit, type BudgetAllocatorV1, type SizeDistributionV1, type SizePlan } from '@scall/spec';

/** SCALL's action decoded: user share and the two shape parameters. */
export interface DecodedAction {
  /** Share of the budget for users, rho in [0, 1]. */
  readonly userShare: number;
  readonly userShape: number;
  readonly itemShape: number;
}

/** Maps an action `(rho, alpha_u, alpha_i)` in [0, 1]^3 to the allocator's request values. */
export function decodeAction(action: ArrayLike<number>, distribution: SizeDistributionV1): DecodedAction {
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return {
    userShare: clamp(action[0]),
    userShape: shapeFromUnit(distribution, action[1]),
    itemShape: shapeFromUnit(distribution, action[2]),
  };
}

/** The population and budget an action is applied to. */
export interface PlanTarget {
  readonly userFrequencies: ArrayLike<number>;
  readonly itemFrequencies: ArrayLike<number>;
  readonly budgetParameters: number;
  readonly minSize: number;
  readonly maxSize: number;
}

/** Sizes for an action, through the injected allocator, plus the state's size spreads. */
export function actionToPlan(
  action: ArrayLike<number>,
  target: PlanTarget,
  distribution: SizeDistributionV1,
  allocator: BudgetAllocatorV1,
): { plan: SizePlan; userSpread: number; itemSpread: number; decoded: DecodedAction } {
  const decoded = decodeAction(action, distribution);
  const plan = allocator.allocate({
    budgetParameters: target.budgetParameters,
    userFrequencies: target.userFrequencies,
    itemFrequencies: target.itemFrequencies,
    userShare: decoded.userShare,
    userShape: decoded.userShape,
    itemShape: decoded.itemShape,
    minSize: target.minSize,
    maxSize: target.maxSize,
  });
  const spread = (n: number, shape: number, share: number) => {
    if (n === 0) return 0;
    const p = distribution.expectedProportions(n, shape);
    return (share * (p[0] - p[n - 1]) * target.budgetParameters) / Math.max(1, target.maxSize - target.minSize);
  };
  return {
    plan,
    decoded,
    userSpread: spread(target.userFrequencies.length, decoded.userShape, decoded.userShare),
    itemSpread: spread(target.itemFrequencies.length, decoded.itemShape, 1 - decoded.userShare),
  };
}

/**
 * Uniform sizes `clamp(floor(P / (nUsers + nItems)), MIN, MAX)` — SCALL's plan for the
 * warm-up segment. Throws when the budget cannot give everyone MIN.
 */
export function uniformPlan(nUsers: number, nItems: number, budgetParameters: number, minSize: number, maxSize: number): SizePlan {
  const population = nUsers + nItems;
  const size = Math.min(maxSize, Math.floor(budgetParameters / Math.max(1, population)));
  if (size < minSize) {
    throw new RangeError(
      `Budget of ${budgetParameters} parameters is below MIN x population = ${minSize * population} (short by ${minSize * population - budgetParameters})`,
    );
  }
  return {
    userSizes: new Int32Array(nUsers).fill(size),
    itemSizes: new Int32Array(nItems).fill(size),
    minSize,
    maxSize,
    budgetParameters,
  };
}
