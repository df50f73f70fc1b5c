import type { BudgetAllocatorV1, PluginManifest } from '@scall/spec';
import { createFixedActionSearcher, type FixedActionSearcherOptions } from './fixed-action-searcher.js';
import type { ScallSearcherOptions } from './scall-options.js';
import { createScallSearcher } from './scall-searcher.js';

type Options = Record<string, unknown>;

/**
 * SCALL maps an action to a plan without randomness (`allocate` gets no `rng`), so an
 * allocator that draws cannot serve it: reject it when the run is assembled.
 */
function deterministicAllocator(searcher: string, allocator: BudgetAllocatorV1): BudgetAllocatorV1 {
  if (allocator.requiresRng) {
    throw new TypeError(
      `searcher "${searcher}" cannot use allocator "${allocator.name}": it draws random sizes and needs an RNG, but ${searcher} allocates deterministically from its action (use allocator "scall", "uniform" or "frequency")`,
    );
  }
  return allocator;
}

/**
 * What the `scall` app registers when it loads this package: `scall` (SCALL's searcher
 * with the configured distribution, allocator and agent; the run seed unless the options
 * give one), `scall-v2` (the `v2` preset) and `fixed-action` (a constant action, the
 * control for SCALL). Each checks its own options.
 */
export const scallPlugins = {
  searcher: {
    scall: (options, { distribution, allocator, agent, seed }) =>
      createScallSearcher({ seed, ...(options as Options), distribution, allocator: deterministicAllocator('scall', allocator), agent } as ScallSearcherOptions),
    'scall-v2': (options, { distribution, allocator, agent, seed }) =>
      createScallSearcher({ seed, preset: 'v2', ...(options as Options), distribution, allocator: deterministicAllocator('scall-v2', allocator), agent } as ScallSearcherOptions),
    'fixed-action': (options, { distribution, allocator }) =>
      createFixedActionSearcher({ ...(options as Options), distribution, allocator: deterministicAllocator('fixed-action', allocator) } as FixedActionSearcherOptions),
  },
} satisfies PluginManifest;
