import { DATASET_PRESETS, datasetPreset, loadStream } from '@scall/datasets';
import type { DatasetPresetName } from '@scall/datasets';
import {
  listPlugins,
  parseBudget,
  registerPlugins,
  resolvePlugin,
  type Budget,
  type PluginManifest,
  type RecommenderFactoryV1,
  type SearcherV1,
  type StreamDatasetV1,
} from '@scall/spec';
import { registerBuiltins } from './builtins.js';
import type { RunConfig } from './config-schema.js';

/** The components a run is made of, resolved from a config. */
export interface AssembledRun {
  readonly dataset: StreamDatasetV1;
  readonly searcher: SearcherV1;
  readonly createRecommender: RecommenderFactoryV1;
  readonly budget: Budget;
  /** `family/name` of every third-party plug-in loaded. */
  readonly plugins: readonly string[];
}

/**
 * Imports each package listed under `plugins` and registers its `scallPlugins`
 * manifest, so a config can name a third-party component without code changes.
 */
export async function loadPlugins(specifiers: readonly string[], importer: (specifier: string) => Promise<unknown> = (s) => import(s)): Promise<string[]> {
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

/** Loads the dataset a config names: a preset, or a registered dataset plug-in. */
export async function loadDataset(config: RunConfig, dataDir: string): Promise<StreamDatasetV1> {
  const { name } = config.dataset;
  if ((DATASET_PRESETS as readonly string[]).includes(name)) {
    const preset = datasetPreset(name as DatasetPresetName, config.dataset.dataDir ?? dataDir);
    return loadStream({
      ...preset,
      ...(config.dataset.kCore !== undefined ? { kCore: config.dataset.kCore } : {}),
      ...(config.dataset.threshold !== undefined ? { segmenter: { kind: 'new-entities', threshold: config.dataset.threshold } } : {}),
      ...(config.dataset.validationRatio !== undefined ? { validationRatio: config.dataset.validationRatio } : {}),
      ...config.dataset.options,
    });
  }
  if (listPlugins('dataset').includes(name)) return resolvePlugin('dataset', name)(config.dataset.options);
  throw new Error(`Unknown dataset "${name}". Presets: ${DATASET_PRESETS.join(', ')}; registered: ${listPlugins('dataset').join(', ') || '(none)'}`);
}

/** Resolves every component of a run from the registries. */
export async function assembleRun(config: RunConfig, options: { dataDir: string; importer?: (s: string) => Promise<unknown> }): Promise<AssembledRun> {
  registerBuiltins();
  const plugins = await loadPlugins(config.plugins, options.importer);
  const budget = parseBudget(config.budget);
  const distribution = resolvePlugin('distribution', config.distribution.name)(config.distribution.options);
  const allocator = resolvePlugin('allocator', config.allocator.name)(config.allocator.options, { distribution });
  const agent = resolvePlugin('agent', config.agent.name)(config.agent.options);
  const searcher = resolvePlugin('searcher', config.searcher.name)(config.searcher.options, { distribution, allocator, agent, seed: config.seed });
  const createRecommender = resolvePlugin('recommender', config.recommender.name)(config.recommender.options);
  const dataset = await loadDataset(config, options.dataDir);
  return { dataset, searcher, createRecommender, budget, plugins };
}
