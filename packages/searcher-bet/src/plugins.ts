import type { PluginManifest } from '@scall/spec';
import type { BetSearcherOptions } from './bet-options.js';
import { createBetSearcher } from './bet-searcher.js';

/**
 * What the `scall` app registers for this package: the searcher `bet`, configured as
 * `"searcher": { "name": "bet", "options": { "preset": "small" } }`. The run's seed
 * seeds the predictor unless the options give one.
 */
export const scallPlugins = {
  searcher: {
    bet: (options, { seed }) => createBetSearcher({ seed, ...(options as BetSearcherOptions) }),
  },
} satisfies PluginManifest;
