import type { PluginManifest } from '@scall/spec';
import { createCiessSearcher } from './ciess-searcher.js';
import type { CiessSearcherOptions } from './ciess-options.js';

/**
 * The package's plug-ins for the `scall` app: `"searcher": { "name": "ciess", "options": {...} }`
 * with {@link CiessSearcherOptions} (less `agent`) as options. The configured agent
 * (`"agent": { "name": "td3" }`) drives it; the run's seed seeds it unless `seed` is given.
 */
export const scallPlugins = {
  searcher: {
    ciess: (options, { agent, seed }) => createCiessSearcher({ seed, ...(options as Omit<CiessSearcherOptions, 'agent'>), agent }),
  },
} satisfies PluginManifest;
