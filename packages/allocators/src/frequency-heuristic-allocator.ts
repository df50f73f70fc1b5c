import { assertKnownOptions } from '@scall/plugin-utils';
import type { AllocationRequest, BudgetAllocatorV1, SizePlan } from '@scall/spec';
import { allocateSides } from './allocate-sides.js';
import { rankByFrequency } from './frequency-rank.js';
import { sizesFromProportions } from './sizes-from-proportions.js';

/** Options of {@link createFrequencyHeuristicAllocator}. */
export interface FrequencyHeuristicSettings {
  /** Exponent beta >= 0 of the rule size ∝ frequency^beta. Default 0.5; 0 gives uniform sizes. */
  readonly beta?: number;
}

/**
 * The mixed-dimension embedding rule (Ginart et al.): size proportional to
 * frequency^beta, water-filled into the side's budget and [minSize, maxSize] and
 * rounded by largest remainder. Cold entities (frequency 0) get the smallest size; if a
 * side has no frequencies at all its sizes are uniform. The budget is split by
 * `userShare` when given, else by population. More frequent entities never get less.
 *
 * @example
 * createFrequencyHeuristicAllocator({ beta: 0.3 }).allocate(request);
 */
export function createFrequencyHeuristicAllocator(settings: FrequencyHeuristicSettings = {}): BudgetAllocatorV1 {
  assertKnownOptions('createFrequencyHeuristicAllocator', settings, ['beta']);
  const beta = settings.beta ?? 0.5;
  if (!(beta >= 0 && beta < Infinity)) throw new RangeError(`createFrequencyHeuristicAllocator: option beta must be finite and >= 0 (got ${beta})`);
  return {
    specificationVersion: 'v1',
    name: 'frequency-heuristic',
    allocate(request: AllocationRequest): SizePlan {
      return allocateSides('frequency-heuristic', request, ({ frequencies, budget, bounds }) => {
        const n = frequencies.length;
        const order = rankByFrequency(frequencies);
        const weights = new Float64Array(n);
        let any = false;
        for (let r = 0; r < n; r++) {
          const f = frequencies[order[r]];
          weights[r] = f > 0 ? f ** beta : 0;
          if (weights[r] > 0) any = true;
        }
        if (!any) weights.fill(1);
        const ranked = sizesFromProportions(weights, budget, bounds);
        const out = new Int32Array(n);
        for (let r = 0; r < n; r++) out[order[r]] = ranked[r];
        return out;
      });
    },
  };
}
