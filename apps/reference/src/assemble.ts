import { loadStream } from '@scall/datasets';
import { createPlugin, listPlugins, registerPlugins } from '@scall/plugin-utils';
import type { Budget, PluginManifest, RecommenderFactoryV1, SearcherComponents, SearcherV1, StreamDatasetV1 } from '@scall/spec';
import { pairedRecommenderName, SEARCHER_COMPONENTS_REVISION } from '@scall/spec';
import { BUILTIN_PLUGIN_PACKAGES } from './builtins.js';
import type { RunConfig } from './config-schema.js';
import { csvStreamOptions } from './csv-dataset.js';
import { userDirectory } from './execute-run.js';
import { isUserError, UserError } from './user-error.js';

/** The components a run is made of, resolved from a config. */
export interface AssembledRun {
  readonly dataset: StreamDatasetV1;
  readonly searcher: SearcherV1;
  readonly createRecommender: RecommenderFactoryV1;
  readonly budget: Budget;
  /** `family/name` of every third-party plug-in loaded. */
  readonly plugins: readonly string[];
}

type Importer = (specifier: string) => Promise<unknown>;
const importPackage: Importer = (specifier) => import(specifier);

/**
 * Imports each package and registers its `scallPlugins` manifest, so a config can name
 * its components. The one door every plug-in comes through: the app's built-ins
 * ({@link BUILTIN_PLUGIN_PACKAGES}) and a config's `plugins` alike.
 */
export async function loadPlugins(specifiers: readonly string[], importer: Importer = importPackage): Promise<string[]> {
  const registered: string[] = [];
  for (const specifier of specifiers) {
    let module: { scallPlugins?: PluginManifest };
    try {
      module = (await importer(specifier)) as { scallPlugins?: PluginManifest };
    } catch (error) {
      throw new Error(`Cannot load plug-in package "${specifier}": ${(error as Error).message.split('\n')[0]}. Install it next to the app (npm install ${specifier}).`);
    }
    if (!module.scallPlugins) throw new Error(`Plug-in package "${specifier}" does not export "scallPlugins" (a PluginManifest from @scall/spec)`);
    registered.push(...registerPlugins(module.scallPlugins));
  }
  return registered;
}

let builtins: Promise<string[]> | undefined;

/** Loads the built-in plug-in packages once per process (through {@link loadPlugins}). */
export function loadBuiltins(): Promise<string[]> {
  builtins ??= loadPlugins(BUILTIN_PLUGIN_PACKAGES).catch((error: unknown) => {
    builtins = undefined;
    throw error;
  });
  return builtins;
}

/** Keys of `dataset` the app's own `csv` dataset reads (the file layout), not stream settings. */
const CSV_KEYS = ['path', 'columns', 'delimiter', 'header', 'timestampFormat'] as const;

/**
 * A dataset config's settings as plug-in options: every key but `name`, `dataDir` and
 * `options` that is set (`threshold`, `kCore`, `validationRatio`, ...), then `options`
 * over them. The dataset plug-in decides what they mean.
 */
function datasetOptions(dataset: RunConfig['dataset'], omit: readonly string[] = []): Record<string, unknown> {
  const { name: _name, dataDir: _dataDir, options, ...settings } = dataset;
  const set = Object.entries(settings).filter(([key, value]) => value !== undefined && !omit.includes(key));
  return { ...Object.fromEntries(set), ...options };
}

/**
 * Loads the dataset a config names: a registered dataset plug-in (every preset of
 * `@scall/datasets` is one), or the app's own `csv` (a user's delimited file).
 */
export async function loadDataset(config: RunConfig, dataDir: string): Promise<StreamDatasetV1> {
  await loadBuiltins();
  const { name } = config.dataset;
  if (name === 'csv') {
    const { options } = await csvStreamOptions(config.dataset, userDirectory());
    const { threshold, ...settings } = datasetOptions(config.dataset, CSV_KEYS);
    return loadStream({ ...options, ...(threshold !== undefined ? { segmenter: { kind: 'new-entities', threshold: threshold as number } } : {}), ...settings });
  }
  if (!listPlugins('dataset').includes(name)) {
    throw new Error(`Unknown dataset "${name}". Registered: ${listPlugins('dataset').join(', ')}; your own file: csv (--data ./ratings.csv)`);
  }
  return createPlugin('dataset', name, datasetOptions(config.dataset), { dataDir: config.dataset.dataDir ?? dataDir });
}

/**
 * Builds a component from its config entry; a RangeError while doing so is a bad option
 * value the user set (plug-ins check their options when built), so it becomes a
 * {@link UserError} naming the component and where in the config its options live.
 */
function fromConfig<T>(kind: string, name: string, where: string, make: () => T): T {
  try {
    return make();
  } catch (error) {
    // Already a user error (e.g. an unknown option, recognised by its message): as it is.
    const alreadyUserFacing: boolean = isUserError(error);
    if (!(error instanceof RangeError) || alreadyUserFacing) throw error;
    throw new UserError(`${kind} "${name}": ${error.message}`, { hint: `check "${where}" in the config (or the matching flag)`, cause: error });
  }
}

/**
 * Resolves every component of a run from the registries, passing each its options
 * untouched (the plug-in checks them and fills its defaults) and checking every
 * component's `specificationVersion`.
 */
export async function assembleRun(config: RunConfig, options: { dataDir: string; importer?: Importer }): Promise<AssembledRun> {
  await loadBuiltins();
  const plugins = await loadPlugins(config.plugins, options.importer);
  // Parsed with the rest of the config (config-schema.ts); the runner converts it to parameters per segment.
  const budget = config.budget.value;
  const distribution = fromConfig('distribution', config.distribution.name, 'distribution.options', () => createPlugin('distribution', config.distribution.name, config.distribution.options));
  const allocator = fromConfig('allocator', config.allocator.name, 'allocator.options', () => createPlugin('allocator', config.allocator.name, config.allocator.options, { distribution }));
  const agent = fromConfig('agent', config.agent.name, 'agent.options', () => createPlugin('agent', config.agent.name, config.agent.options));
  // The run seed is the root of the run's seed tree; searchers seed their agents from it
  // (the config schema refuses a searcher option "seed", so nothing overrides it).
  // What a searcher may build by name (SearcherComponents revision 2): allocators (on the
  // configured distribution or one it names) and distributions, from the same registry.
  const components: SearcherComponents = {
    distribution,
    allocator,
    agent,
    seed: config.seed,
    revision: SEARCHER_COMPONENTS_REVISION,
    resolveAllocator: (name, allocatorOptions = {}, parts = {}) => createPlugin('allocator', name, allocatorOptions, { distribution: parts.distribution ?? distribution }),
    resolveDistribution: (name, distributionOptions = {}) => createPlugin('distribution', name, distributionOptions),
  };
  const searcher = fromConfig('searcher', config.searcher.name, 'searcher.options', () => createPlugin('searcher', config.searcher.name, config.searcher.options, components));
  // A sparse searcher (sparserec, magprune) names the sparse twin of the configured recommender.
  const recommenderName = pairedRecommenderName(searcher, config.recommender.name);
  const createRecommender = fromConfig('recommender', recommenderName, 'recommender.options', () => createPlugin('recommender', recommenderName, config.recommender.options));
  const dataset = await loadDataset(config, options.dataDir);
  return { dataset, searcher, createRecommender, budget, plugins };
}
