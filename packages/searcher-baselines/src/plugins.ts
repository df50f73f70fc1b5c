import { assertKnownOptions } from '@scall/plugin-utils';
import type { PluginManifest, SearcherComponents, SearcherV1 } from '@scall/spec';
import { AllocatingSearcher } from './allocating-searcher.js';

type Options = Record<string, unknown>;

/** A preset: the allocating searcher with the allocator registered as `allocator`, built with `allocatorOptions`. */
function preset(name: string, allocator: string, options: Options, components: SearcherComponents, allocatorOptions: Options = {}): SearcherV1 {
  if (!components.resolveAllocator) throw new TypeError(`${name} searcher: the app must supply components.resolveAllocator to build the "${allocator}" allocator`);
  return new AllocatingSearcher(name, components.resolveAllocator(allocator, allocatorOptions), options.userShare as number | undefined);
}

/**
 * The baseline searchers as the `scall` app registers them. `allocating` asks the
 * configured allocator (`"allocator": { "name": ... }`); `uniform`, `random` and
 * `frequency` are presets of it with the uniform, random and frequency allocators
 * (`frequency` passes its `beta` to the allocator). Options: `userShare` (and `beta`).
 */
export const scallPlugins = {
  searcher: {
    allocating: (options, { allocator }) => {
      assertKnownOptions('allocating searcher', options, ['userShare']);
      return new AllocatingSearcher('allocating', allocator, options.userShare as number | undefined);
    },
    uniform: (options, components) => (assertKnownOptions('uniform searcher', options, ['userShare']), preset('uniform', 'uniform', options, components)),
    random: (options, components) => (assertKnownOptions('random searcher', options, ['userShare']), preset('random', 'random', options, components)),
    frequency: (options, components) => {
      assertKnownOptions('frequency searcher', options, ['userShare', 'beta']);
      return preset('frequency', 'frequency', options, components, options.beta === undefined ? {} : { beta: options.beta });
    },
  },
} satisfies PluginManifest;
