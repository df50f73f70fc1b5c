import type { BudgetAllocatorV1, SizeDistributionV1, SizePlan } from '@scall/spec';
import { mapShape, type ShapeMapping } from './shape-mapping.js';

/** SCALL's action decoded: user share and the two shape parameters. */
export interface DecodedAction {
  /** Share of the budget for users, rho in [0, 1]. */
  readonly userShare: number;
  readonly userShape: number;
  readonly itemShape: number;
}

/**
 * Maps an action `(rho, alpha_u, alpha_i)` in [0, 1]^3 to the allocator's request values;
 * the shapes through `shapeMapping` (linear by default, as the reference).
 */
export function decodeAction(action: ArrayLike<number>, distribution: SizeDistributionV1, shapeMapping: ShapeMapping = 'linear'): DecodedAction {
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  return {
    userShare: clamp(action[0]),
    userShape: mapShape(distribution, action[1], shapeMapping),
    itemShape: mapShape(distribution, action[2], shapeMapping),
  };
}

/**
 * Throws a RangeError naming `what` unless `action` is three numbers in [0, 1]
 * (rho, alpha_u, alpha_i): the check of every action a user configures.
 */
export function assertAction(what: string, action: unknown): asserts action is readonly number[] {
  if (!Array.isArray(action) || action.length !== 3 || !action.every((a) => typeof a === 'number' && a >= 0 && a <= 1)) {
    throw new RangeError(`${what} must be three numbers in [0, 1] (rho, alpha_u, alpha_i), got ${JSON.stringify(action)}`);
  }
}

/** The population and budget an action is applied to. */
export interface PlanTarget {
  readonly userFrequencies: ArrayLike<number>;
  readonly itemFrequencies: ArrayLike<number>;
  readonly budgetParameters: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** A side's share above MAX·n: moved to the other side (default) or dropped (the reference; `SearchContext.budgetOverflow`). */
  readonly overflow?: 'redistribute' | 'drop';
}

/**
 * Sizes for an action, through the injected allocator, plus the state's size spreads.
 * The returned plan carries the action (`plan.action`) so runners can record it.
 */
export function actionToPlan(
  action: ArrayLike<number>,
  target: PlanTarget,
  distribution: SizeDistributionV1,
  allocator: BudgetAllocatorV1,
  shapeMapping: ShapeMapping = 'linear',
): { plan: SizePlan; userSpread: number; itemSpread: number; decoded: DecodedAction } {
  const decoded = decodeAction(action, distribution, shapeMapping);
  const allocated = allocator.allocate({
    budgetParameters: target.budgetParameters,
    userFrequencies: target.userFrequencies,
    itemFrequencies: target.itemFrequencies,
    userShare: decoded.userShare,
    userShape: decoded.userShape,
    itemShape: decoded.itemShape,
    minSize: target.minSize,
    maxSize: target.maxSize,
    ...(target.overflow ? { overflow: target.overflow } : {}),
  });
  const plan: SizePlan = { ...allocated, action: Array.from(action) };
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
