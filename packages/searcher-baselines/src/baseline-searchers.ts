import { assertKnownOptions } from '@scall/plugin-utils';
import type { BudgetAllocatorV1, SearcherV1 } from '@scall/spec';
import { AllocatingSearcher } from './allocating-searcher.js';

/** Options shared by the baseline searchers. */
export interface BaselineOptions {
  /**
   * Share of the budget for users. Default: the allocator's own split (by population,
   * so every entity has the same budget weight).
   */
  readonly userShare?: number;
  /**
   * The allocator to use: `createUniformAllocator()` (uniform), `createRandomAllocator()`
   * (random), `createFrequencyHeuristicAllocator({ beta })` (frequency) from
   * `@scall/allocators`. This package builds none itself (plug-ins do not depend on
   * plug-ins); the `scall` app injects it from the registry.
   */
  readonly allocator?: BudgetAllocatorV1;
}

const baseline = (name: string, options: BaselineOptions, allocatorHint: string): SearcherV1 => {
  assertKnownOptions(`${name} searcher`, options, ['userShare', 'allocator']);
  if (!options.allocator) throw new TypeError(`${name} searcher: option allocator is required (${allocatorHint} from @scall/allocators)`);
  return new AllocatingSearcher(name, options.allocator, options.userShare);
};

/**
 * Uniform sizes for everyone (ES / SU in the literature): the allocating searcher with
 * the uniform allocator.
 *
 * @example
 * createUniformSearcher({ allocator: createUniformAllocator() });
 */
export function createUniformSearcher(options: BaselineOptions = {}): SearcherV1 {
  return baseline('uniform', options, 'createUniformAllocator()');
}

/**
 * Random sizes within the budget (MR / SR), drawn afresh every segment from the run's
 * seeded RNG: the allocating searcher with the random allocator.
 *
 * @example
 * createRandomSearcher({ allocator: createRandomAllocator() });
 */
export function createRandomSearcher(options: BaselineOptions = {}): SearcherV1 {
  return baseline('random', options, 'createRandomAllocator()');
}

/**
 * The frequency heuristic (mixed-dimension embeddings, size ∝ frequency^beta): the
 * allocating searcher with the frequency-heuristic allocator, which holds `beta`.
 *
 * @example
 * createFrequencySearcher({ allocator: createFrequencyHeuristicAllocator({ beta: 0.5 }) });
 */
export function createFrequencySearcher(options: BaselineOptions = {}): SearcherV1 {
  return baseline('frequency', options, 'createFrequencyHeuristicAllocator({ beta })');
}
