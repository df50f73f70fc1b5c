import type { DatasetContext, PluginFamilies, PluginManifest } from '@scall/spec';
import { DatasetError } from '@scall/stream-protocol';
import { DATASET_PRESETS, datasetPreset, type DatasetPresetName } from './dataset-preset.js';
import { loadStream, type LoadStreamOptions } from './load-stream.js';

/**
 * Loads a preset with a config's dataset settings over it: `threshold` (new users +
 * items that end a segment) becomes the `new-entities` segmenter; every other key
 * (`kCore`, `validationRatio`, any {@link LoadStreamOptions} key) overrides the preset's.
 */
async function loadPreset(name: DatasetPresetName, options: Record<string, unknown>, context: DatasetContext) {
  const { threshold, ...rest } = options;
  if (threshold !== undefined && !(Number.isInteger(threshold) && (threshold as number) > 0)) {
    throw new DatasetError(`dataset "${name}": option threshold must be a positive integer (got ${JSON.stringify(threshold)})`);
  }
  const segmenter = threshold === undefined ? {} : { segmenter: { kind: 'new-entities', threshold } };
  return loadStream({ ...datasetPreset(name, context.dataDir), ...segmenter, ...rest } as LoadStreamOptions);
}

/** The dataset factory of one preset. */
const presetFactory =
  (name: DatasetPresetName): PluginFamilies['dataset'] =>
  (options, context) =>
    loadPreset(name, options, context);

/**
 * Every dataset preset ({@link DATASET_PRESETS}) as a `dataset` plug-in, registered by
 * the `scall` app like any other family: `"dataset": { "name": "ml-100k", "threshold": 300 }`.
 * File presets read from the context's data directory.
 */
export const scallPlugins = {
  dataset: Object.fromEntries(DATASET_PRESETS.map((name) => [name, presetFactory(name)])),
} satisfies PluginManifest;
