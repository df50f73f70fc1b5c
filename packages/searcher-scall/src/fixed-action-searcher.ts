import { contextBudgetParameters, type BudgetAllocatorV1, type SearchContext, type SearcherV1, type SizeDistributionV1, type SizePlan, type Snapshot } from '@scall/spec';
import { assertKnownOptions } from '@scall/plugin-utils';
import { actionToPlan, assertAction, uniformPlan } from './action-to-plan.js';
import { assertShapeMapping, type ShapeMapping } from './shape-mapping.js';

/** Options of {@link createFixedActionSearcher}. */
export interface FixedActionSearcherOptions {
  /** The distribution SCALL would use (power law in the app). */
  readonly distribution: SizeDistributionV1;
  /** The allocator SCALL would use. */
  readonly allocator: BudgetAllocatorV1;
  /** The constant action `(rho, alpha_u, alpha_i)` in [0, 1]^3; default (0.5, 0.5, 0.5). */
  readonly action?: readonly number[];
  /** Mapping of the alphas onto the shape range, as SCALL's option (`'linear'`). */
  readonly shapeMapping?: ShapeMapping;
  /** Plan of segment 0: `'uniform'` as SCALL (default), or `'action'`. */
  readonly warmUp?: 'uniform' | 'action';
}

class FixedActionSearcher implements SearcherV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'fixed-action';
  private readonly action: readonly number[];
  private readonly shapeMapping: ShapeMapping;
  private readonly warmUp: 'uniform' | 'action';

  constructor(private readonly options: FixedActionSearcherOptions) {
    assertKnownOptions('fixed-action searcher', options, ['distribution', 'allocator', 'action', 'shapeMapping', 'warmUp']);
    if (!options.distribution || !options.allocator) throw new TypeError('fixed-action searcher needs a distribution and an allocator');
    const action = options.action ?? [0.5, 0.5, 0.5];
    assertAction('fixed-action searcher option action', action);
    this.action = [...action];
    this.shapeMapping = options.shapeMapping ?? 'linear';
    assertShapeMapping(this.shapeMapping, options.distribution);
    this.warmUp = options.warmUp ?? 'uniform';
    if (this.warmUp !== 'uniform' && this.warmUp !== 'action') {
      throw new RangeError(`fixed-action searcher option warmUp must be 'uniform' or 'action', got ${JSON.stringify(this.warmUp)}`);
    }
  }

  async plan(context: SearchContext): Promise<SizePlan> {
    const { segment, minSize, maxSize } = context;
    const P = contextBudgetParameters(context);
    if (!context.previous && this.warmUp === 'uniform') return uniformPlan(segment.numUsers, segment.numItems, P, minSize, maxSize);
    const target = { userFrequencies: segment.userFrequencies, itemFrequencies: segment.itemFrequencies, budgetParameters: P, minSize, maxSize, overflow: context.budgetOverflow };
    return actionToPlan(this.action, target, this.options.distribution, this.options.allocator, this.shapeMapping).plan;
  }

  snapshot(): Snapshot {
    return { kind: this.name, meta: { action: [...this.action] }, arrays: {} };
  }

  restore(snapshot: Snapshot): void {
    if (snapshot.kind !== this.name) throw new Error(`Cannot restore a "${snapshot.kind}" snapshot into the fixed-action searcher`);
  }

  dispose(): void {}
}

/**
 * A control for SCALL: the same distribution and allocator with a constant action, no
 * policy and no reward (segment 0 gets uniform sizes, as in SCALL). A SCALL lift that this
 * searcher also gets comes from the allocator, not from learning.
 *
 * @example
 * const control = createFixedActionSearcher({
 *   distribution: powerLaw,
 *   allocator: createScallAllocator({ distribution: powerLaw }),
 *   action: [0.5, 0.5, 0.5],
 * });
 */
export function createFixedActionSearcher(options: FixedActionSearcherOptions): SearcherV1 {
  return new FixedActionSearcher(options);
}
