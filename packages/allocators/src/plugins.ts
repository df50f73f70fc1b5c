import { assertKnownOptions } from '@scall/plugin-utils';
import type { PluginManifest } from '@scall/spec';
import { createFrequencyHeuristicAllocator, type FrequencyHeuristicSettings } from './frequency-heuristic-allocator.js';
import { createRandomAllocator } from './random-allocator.js';
import { createScallAllocator, type ScallAllocatorSettings } from './scall-allocator.js';
import { createUniformAllocator } from './uniform-allocator.js';

/**
 * The allocators as the `scall` app registers them: `scall` (with the configured
 * distribution; option `proportions`), `uniform`, `random` (needs the searcher's RNG)
 * and `frequency` (option `beta`). Unknown options are errors.
 */
export const scallPlugins = {
  allocator: {
    scall: (options, { distribution }) => {
      assertKnownOptions('scall allocator', options, ['proportions']);
      return createScallAllocator({ ...(options as Omit<ScallAllocatorSettings, 'distribution'>), distribution });
    },
    uniform: (options) => (assertKnownOptions('uniform allocator', options, []), createUniformAllocator()),
    random: (options) => (assertKnownOptions('random allocator', options, []), createRandomAllocator()),
    frequency: (options) => createFrequencyHeuristicAllocator(options as FrequencyHeuristicSettings),
  },
} satisfies PluginManifest;
