import { createFrequencyHeuristicAllocator, createRandomAllocator, createUniformAllocator } from '@scall/allocators';
import { assertKnownOptions, type SearcherV1 } from '@scall/spec';
import { AllocatingSearcher } from './allocating-searcher.js';

/** Options shared by the baseline searchers. */
export interface BaselineOptions {
  /**
   * Share of the budget for users. Default: the allocator's own split (by population,
   * so every entity has the same budget weight).
   */
  readonly userShare?: number;
}

/** Uniform sizes for everyone (ES / SU in the literature): the budget spread evenly. */
export function createUniformSearcher(options: BaselineOptions = {}): SearcherV1 {
  assertKnownOptions('uniform searcher', options, ['userShare']);
  return new AllocatingSearcher('uniform', createUniformAllocator(), options.userShare);
}

/** Random sizes within the budget (MR / SR), drawn afresh every segment from the run's seeded RNG. */
export function createRandomSearcher(options: BaselineOptions = {}): SearcherV1 {
  assertKnownOptions('random searcher', options, ['userShare']);
  return new AllocatingSearcher('random', createRandomAllocator(), options.userShare);
}

/** Options of {@link createFrequencySearcher}. */
export interface FrequencySearcherOptions extends BaselineOptions {
  /** Exponent of the mixed-dimension rule: size proportional to frequency^beta (default 0.5). */
  readonly beta?: number;
}

/** The frequency heuristic: sizes proportional to frequency^beta (mixed-dimension embeddings). */
export function createFrequencySearcher(options: FrequencySearcherOptions = {}): SearcherV1 {
  assertKnownOptions('frequency searcher', options, ['userShare', 'beta']);
  return new AllocatingSearcher('frequency', createFrequencyHeuristicAllocator({ beta: options.beta ?? 0.5 }), options.userShare);
}
