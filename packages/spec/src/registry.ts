import type { AgentFactoryV1 } from './agent.js';
import type { BudgetAllocatorV1 } from './budget-allocator.js';
import type { RecommenderV1 } from './recommender.js';
import type { SearcherV1 } from './searcher.js';
import type { SizeDistributionV1 } from './size-distribution.js';
import type { StreamDatasetV1 } from './stream.js';

/** The components a searcher is assembled from; factories use what they need. */
export interface SearcherComponents {
  readonly distribution: SizeDistributionV1;
  readonly allocator: BudgetAllocatorV1;
  readonly agent: AgentFactoryV1;
  /** The run's seed. */
  readonly seed: number;
}

/**
 * Plug-in families and their registered factories. Each takes the options the config
 * gives under the component's `options` key; allocators also receive the configured
 * distribution, searchers the configured distribution, allocator and agent.
 */
export interface PluginFamilies {
  distribution: (options: Record<string, unknown>) => SizeDistributionV1;
  allocator: (options: Record<string, unknown>, components: { readonly distribution: SizeDistributionV1 }) => BudgetAllocatorV1;
  agent: (options: Record<string, unknown>) => AgentFactoryV1;
  recommender: (options: Record<string, unknown>) => () => RecommenderV1;
  dataset: (options: Record<string, unknown>) => Promise<StreamDatasetV1>;
  searcher: (options: Record<string, unknown>, components: SearcherComponents) => SearcherV1;
}

/** A plug-in family name. */
export type PluginFamily = keyof PluginFamilies;

const REGISTRY_KEY = Symbol.for('@scall/spec/registry/v1');

type Store = { [F in PluginFamily]: Map<string, PluginFamilies[F]> };

function store(): Store {
  const g = globalThis as unknown as { [REGISTRY_KEY]?: Store };
  // One store per process, shared by duplicate installs of this package.
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
 */
export function registerPlugin<F extends PluginFamily>(family: F, name: string, factory: PluginFamilies[F]): void {
  (store()[family] as Map<string, PluginFamilies[F]>).set(name, factory);
}

/** Names registered in a family, sorted. */
export function listPlugins(family: PluginFamily): string[] {
  return [...store()[family].keys()].sort();
}

/**
 * The factory registered under `name`; throws an error that lists the known names
 * (and the closest one) when it is missing.
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

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The candidate closest to `name` within a small edit distance, if any. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

/**
 * What a plug-in package exports as `scallPlugins` so that a config can load it by
 * package name: factories per family, keyed by the name the config uses.
 *
 * @example
 * export const scallPlugins = {
 *   distribution: { kumaraswamy: () => createKumaraswamy() },
 * } satisfies PluginManifest;
 */
export type PluginManifest = { readonly [F in PluginFamily]?: { readonly [name: string]: PluginFamilies[F] } };

/** Registers every factory of a {@link PluginManifest}; returns the `family/name` keys it registered. */
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
