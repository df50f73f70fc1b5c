import type { AgentFactoryV1 } from './agent.js';
import type { BudgetAllocatorV1 } from './budget-allocator.js';
import type { RecommenderV1 } from './recommender.js';
import type { SearcherV1 } from './searcher.js';
import type { SizeDistributionV1 } from './size-distribution.js';
import type { StreamDatasetV1 } from './stream.js';

/** The components a searcher is assembled from; factories use what they need. */
export interface SearcherComponents {
  /** The configured size distribution. */
  readonly distribution: SizeDistributionV1;
  /** The configured budget allocator. */
  readonly allocator: BudgetAllocatorV1;
  /** The configured agent factory. */
  readonly agent: AgentFactoryV1;
  /** The run's seed. */
  readonly seed: number;
  /**
   * Builds a registered allocator by name (for searcher presets that fix their
   * allocator, e.g. the `uniform` baseline). Supplied by the app that assembles the run;
   * a searcher must not import another plug-in package to get one.
   */
  readonly resolveAllocator?: (name: string, options?: Record<string, unknown>) => BudgetAllocatorV1;
}

/** What a dataset factory receives besides its options. */
export interface DatasetContext {
  /** The directory file-based datasets read from (`../shared/data`, `--data-dir`, ...). */
  readonly dataDir: string;
}

/**
 * Plug-in families and their factories. Each takes the options the config gives under
 * the component's `options` key; allocators also receive the configured distribution,
 * searchers the configured distribution, allocator and agent, datasets the data
 * directory. A factory validates its own options (a typo is an error) and fills its own
 * defaults: the app passes options through untouched.
 */
export interface PluginFamilies {
  distribution: (options: Record<string, unknown>) => SizeDistributionV1;
  allocator: (options: Record<string, unknown>, components: { readonly distribution: SizeDistributionV1 }) => BudgetAllocatorV1;
  agent: (options: Record<string, unknown>) => AgentFactoryV1;
  recommender: (options: Record<string, unknown>) => () => RecommenderV1;
  dataset: (options: Record<string, unknown>, context: DatasetContext) => Promise<StreamDatasetV1>;
  searcher: (options: Record<string, unknown>, components: SearcherComponents) => SearcherV1;
}

/** A plug-in family name. */
export type PluginFamily = keyof PluginFamilies;

/**
 * What a plug-in package exports as `scallPlugins`: factories per family, keyed by the
 * name a config uses. First-party packages and third-party ones are loaded the same way
 * (the app imports the package and registers its manifest).
 *
 * @example
 * export const scallPlugins = {
 *   distribution: { kumaraswamy: (options) => createKumaraswamy(options) },
 * } satisfies PluginManifest;
 */
export type PluginManifest = { readonly [F in PluginFamily]?: { readonly [name: string]: PluginFamilies[F] } };
