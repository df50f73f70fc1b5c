// Test helper (not a test file): BET's parts from the plug-in registry, as the scall app
// builds them (apps/reference/src/assemble.ts), with the real first-party packages.
import { scallPlugins as allocators } from '@scall/allocators';
import { scallPlugins as logNormal } from '@scall/distribution-log-normal';
import { scallPlugins as powerLaw } from '@scall/distribution-power-law';
import { scallPlugins as exponential } from '@scall/distribution-truncated-exponential';
import { createPlugin, registerPlugins } from '@scall/plugin-utils';
import { SEARCHER_COMPONENTS_REVISION, type SearcherComponents } from '@scall/spec';
import { BET_FAMILIES, resolveBetFamilies, scallPlugins as bet, type BetFamily, type ProportionMode } from '../src/index.js';

for (const manifest of [allocators, powerLaw, exponential, logNormal, bet]) registerPlugins(manifest);

/** Searcher components over the registry (revision 2), the configured distribution a power law. */
export function registryComponents(seed = 0): SearcherComponents {
  const distribution = createPlugin('distribution', 'power-law', {});
  return {
    distribution,
    allocator: createPlugin('allocator', 'scall', {}, { distribution }),
    agent: () => {
      throw new Error('BET uses no agent');
    },
    seed,
    revision: SEARCHER_COMPONENTS_REVISION,
    resolveDistribution: (name, options = {}) => createPlugin('distribution', name, options),
    resolveAllocator: (name, options = {}, parts = {}) => createPlugin('allocator', name, options, { distribution: parts.distribution ?? distribution }),
  };
}

/** BET's four default families, resolved through the registry. */
export function betFamilies(proportions: ProportionMode = 'expected'): BetFamily[] {
  return resolveBetFamilies(BET_FAMILIES, registryComponents(), proportions);
}
