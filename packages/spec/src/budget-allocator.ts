import type { Rng } from './rng.js';
import type { SizePlan } from './size-plan.js';

/**
 * What a searcher asks an allocator for. Frequencies are counts in the current
 * segment's training part (0 for cold entities); their length is the population.
 */
export interface AllocationRequest {
  /** Total parameters allowed for users and items together (see `budgetParameters`). */
  readonly budgetParameters: number;
  /** Per-user frequency, indexed by dense user id. */
  readonly userFrequencies: ArrayLike<number>;
  /** Per-item frequency, indexed by dense item id. */
  readonly itemFrequencies: ArrayLike<number>;
  /** Share of the budget for users, rho in [0, 1]; items get `1 - rho`. Allocators that do not split ignore it. */
  readonly userShare?: number;
  /** Shape parameter of the size distribution for users (inside its shape range). */
  readonly userShape?: number;
  /** Shape parameter of the size distribution for items. */
  readonly itemShape?: number;
  /** Smallest size (MIN). */
  readonly minSize: number;
  /** Largest size (MAX). */
  readonly maxSize: number;
  /** Randomness for allocators that draw (random sizes, sampled proportions). */
  readonly rng?: Rng;
  /**
   * A side's share above what it can hold (`maxSize` × its population): `'redistribute'`
   * (default) gives it to the other side; `'drop'` leaves it unused, as the reference code
   * does (its masks cut sizes above MAX). The plan then uses fewer parameters than the budget.
   */
  readonly overflow?: 'redistribute' | 'drop';
}

/**
 * Turns a budget and per-entity frequencies into integer sizes. The contract: every
 * size is in [minSize, maxSize], the total never exceeds `budgetParameters`, and the
 * same request (and RNG state) gives the same plan. A budget below
 * `minSize * population` is an error that says by how much.
 */
export interface BudgetAllocatorV1 {
  readonly specificationVersion: 'v1';
  /** Registry name, e.g. `"scall"`, `"uniform"`. */
  readonly name: string;
  /**
   * True when {@link BudgetAllocatorV1.allocate} draws and so needs `request.rng`. A
   * searcher that calls the allocator without randomness rejects such an allocator when
   * the run is assembled, not at its first segment. Absent means false.
   */
  readonly requiresRng?: boolean;
  allocate(request: AllocationRequest): SizePlan;
}
