import type { PluginFamilies, PluginFamily, PluginManifest } from '@scall/spec';
import { closest } from './edit-distance.js';

const REGISTRY_KEY = Symbol.for('@scall/spec/registry/v1');

type Store = { [F in PluginFamily]: Map<string, PluginFamilies[F]> };

function store(): Store {
  const g = globalThis as unknown as { [REGISTRY_KEY]?: Store };
  // One store per process, shared by duplicate installs of this package (and by the
  // deprecated registry functions of @scall/spec 0.x, which used the same key).
  g[REGISTRY_KEY] ??= {
    distribution: new Map(),
    allocator: new Map(),
    agent: new Map(),
    recommender: new Map(),
    dataset: new Map(),
    searcher: new Map(),
  };
  return g[REGISTRY_KEY];
}

/**
 * Registers a plug-in factory under a name. Registering the same name twice replaces
 * the earlier factory (so a package can be re-imported safely).
 *
 * @example
 * registerPlugin('distribution', 'kumaraswamy', (options) => createKumaraswamy(options));
 */
export function registerPlugin<F extends PluginFamily>(family: F, name: string, factory: PluginFamilies[F]): void {
  (store()[family] as Map<string, PluginFamilies[F]>).set(name, factory);
}

/**
 * Names registered in a family, sorted.
 *
 * @example
 * listPlugins('searcher'); // ['frequency', 'random', 'scall', 'uniform', ...]
 */
export function listPlugins(family: PluginFamily): string[] {
  return [...store()[family].keys()].sort();
}

/**
 * The factory registered under `name`; throws an error that lists the known names
 * (and the closest one) when it is missing.
 *
 * @example
 * const createDistribution = resolvePlugin('distribution', 'power-law');
 */
export function resolvePlugin<F extends PluginFamily>(family: F, name: string): PluginFamilies[F] {
  const factory = (store()[family] as Map<string, PluginFamilies[F]>).get(name);
  if (factory) return factory;
  const known = listPlugins(family);
  const hint = closest(name, known);
  throw new Error(
    `No ${family} named "${name}" is registered.` +
      (hint ? ` Did you mean "${hint}"?` : '') +
      ` Known: ${known.length ? known.join(', ') : '(none)'}. A third-party package registers itself when imported (list it under "plugins" in the config).`,
  );
}

/**
 * Registers every factory of a {@link PluginManifest}; returns the `family/name` keys it
 * registered. Throws on a family the registry does not know.
 *
 * @example
 * registerPlugins(scallPlugins); // ['distribution/kumaraswamy']
 */
export function registerPlugins(manifest: PluginManifest): string[] {
  const registered: string[] = [];
  for (const family of Object.keys(manifest) as PluginFamily[]) {
    const entries = manifest[family];
    if (!entries) continue;
    if (!(family in store())) throw new Error(`Unknown plug-in family "${family}" (known: ${Object.keys(store()).join(', ')})`);
    for (const [name, factory] of Object.entries(entries)) {
      registerPlugin(family, name, factory as PluginFamilies[typeof family]);
      registered.push(`${family}/${name}`);
    }
  }
  return registered;
}
