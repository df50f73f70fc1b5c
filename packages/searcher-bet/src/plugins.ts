import type { PluginManifest } from '@scall/spec';
import type { BetSearcherOptions } from './bet-options.js';
import { createBetSearcher } from './bet-searcher.js';
import { createShiftedNormal, type ShiftedNormalSettings } from './shifted-normal.js';

/**
 * What the `scall` app registers for this package: the searcher `bet`, configured as
 * `"searcher": { "name": "bet", "options": { "preset": "small" } }`, and BET's own size
 * family, the distribution `shifted-normal` (usable by any searcher or allocator). The
 * run's seed seeds the predictor unless the options give one; BET's families and
 * allocators are built from the registry through the app's `SearcherComponents`.
 */
export const scallPlugins = {
  searcher: {
    bet: (options, components) => createBetSearcher({ seed: components.seed, ...(options as BetSearcherOptions) }, components),
  },
  distribution: {
    'shifted-normal': (options) => createShiftedNormal(options as ShiftedNormalSettings),
  },
} satisfies PluginManifest;
