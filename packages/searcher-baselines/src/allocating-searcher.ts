import { contextBudgetParameters, type BudgetAllocatorV1, type SearchContext, type SearcherV1, type SizePlan, type Snapshot } from '@scall/spec';

/**
 * A searcher without a policy: every segment, it hands the budget and the current
 * frequencies to one allocator (with the run's RNG, so drawing allocators work). The
 * baselines SCALL must beat are all of this kind.
 */
export class AllocatingSearcher implements SearcherV1 {
  readonly specificationVersion = 'v1' as const;

  constructor(
    readonly name: string,
    private readonly allocator: BudgetAllocatorV1,
    private readonly userShare?: number,
  ) {
    if (!allocator || typeof allocator.allocate !== 'function') {
      throw new TypeError(`${name} searcher: an allocator (BudgetAllocatorV1) is required, e.g. createUniformAllocator() from @scall/allocators`);
    }
    if (userShare !== undefined && !(userShare >= 0 && userShare <= 1)) {
      throw new RangeError(`${name} searcher: userShare must be in [0, 1], got ${userShare}`);
    }
  }

  async plan(context: SearchContext): Promise<SizePlan> {
    const { segment } = context;
    return this.allocator.allocate({
      budgetParameters: contextBudgetParameters(context),
      userFrequencies: segment.userFrequencies,
      itemFrequencies: segment.itemFrequencies,
      userShare: this.userShare,
      minSize: context.minSize,
      maxSize: context.maxSize,
      rng: context.rng,
    });
  }

  snapshot(): Snapshot {
    return { kind: this.name, meta: {}, arrays: {} };
  }

  restore(snapshot: Snapshot): void {
    if (snapshot.kind !== this.name) throw new Error(`Cannot restore a "${snapshot.kind}" snapshot into the ${this.name} searcher`);
  }

  dispose(): void {}
}

/** Options of {@link createAllocatingSearcher}. */
export interface AllocatingSearcherOptions {
  /** The allocator asked every segment (any `BudgetAllocatorV1`). */
  readonly allocator: BudgetAllocatorV1;
  /** Registry / snapshot name of the searcher. Default `"allocating"`. */
  readonly name?: string;
  /** Share of the budget for users. Default: the allocator's own split (by population). */
  readonly userShare?: number;
}

/**
 * The allocating searcher: the given allocator, every segment, with the current
 * frequencies. `uniform`, `random` and `frequency` are this searcher with the uniform,
 * random and frequency-heuristic allocators.
 *
 * @example
 * const searcher = createAllocatingSearcher({ allocator: createUniformAllocator(), name: 'uniform' });
 */
export function createAllocatingSearcher(options: AllocatingSearcherOptions): SearcherV1 {
  return new AllocatingSearcher(options.name ?? 'allocating', options.allocator, options.userShare);
}
