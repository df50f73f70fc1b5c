import type { AgentFactoryV1 } from './agent.js';
import type { BudgetAllocatorV1 } from './budget-allocator.js';
import type { RecommenderV1 } from './recommender.js';
import type { SearcherV1 } from './searcher.js';
import type { SizeDistributionV1 } from './size-distribution.js';
import type { StreamDatasetV1 } from './stream.js';

/**
 * The revision of {@link SearcherComponents} this release of the contracts describes.
 * Revision 2 added {@link SearcherComponents.resolveDistribution} and the `components`
 * argument of {@link SearcherComponents.resolveAllocator}; an app states the revision it
 * implements in {@link SearcherComponents.revision}, so a searcher that needs a newer one
 * says so when the run is assembled instead of misbehaving later.
 */
export const SEARCHER_COMPONENTS_REVISION = 2;

/**
 * The components a searcher is assembled from; factories use what they need. Members
 * are only ever added (each with the {@link SEARCHER_COMPONENTS_REVISION} that brought
 * it), so a searcher written against an older revision keeps working.
 */
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
   * The revision of this interface the app implements; absent means 1. A searcher that
   * needs a later member checks it (e.g. `(revision ?? 1) >= 2`) and fails with a
   * message naming what is missing.
   */
  readonly revision?: number;
  /**
   * Builds a registered allocator by name (for searcher presets that fix their
   * allocator, e.g. the `uniform` baseline). Supplied by the app that assembles the run;
   * a searcher must not import another plug-in package to get one. The allocator is
   * built on `components.distribution` when given (revision 2), else on the configured
   * distribution.
   */
  readonly resolveAllocator?: (name: string, options?: Record<string, unknown>, components?: { readonly distribution?: SizeDistributionV1 }) => BudgetAllocatorV1;
  /**
   * Builds a registered size distribution by name (revision 2), for searchers that draw
   * from several families (BET's four). Throws, naming the registered ones, when `name`
   * is unknown; a searcher calls it in its factory, so a missing family fails when the
   * run is assembled.
   */
  readonly resolveDistribution?: (name: string, options?: Record<string, unknown>) => SizeDistributionV1;
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
