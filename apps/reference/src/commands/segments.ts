import { datasetPreset, DATASET_PRESETS, formatSegmentTable, loadStream, type DatasetPresetName } from '@scall/datasets';
import { defineCommand } from 'citty';
import { defaultDataDir } from '../execute-run.js';

export const segmentsCommand = defineCommand({
  meta: { name: 'segments', description: 'Print the segment table of a dataset stream' },
  args: {
    dataset: { type: 'string', description: `preset: ${DATASET_PRESETS.join(', ')}`, default: 'synthetic-small' },
    'data-dir': { type: 'string', description: 'directory holding the dataset folders' },
    threshold: { type: 'string', description: 'new users+items that end a segment' },
  },
  async run({ args }) {
    if (!(DATASET_PRESETS as readonly string[]).includes(args.dataset)) {
      throw new Error(`Unknown dataset "${args.dataset}" (presets: ${DATASET_PRESETS.join(', ')})`);
    }
    const preset = datasetPreset(args.dataset as DatasetPresetName, args['data-dir'] ?? defaultDataDir());
    const threshold = args.threshold === undefined ? undefined : Number(args.threshold);
    if (threshold !== undefined && !(Number.isInteger(threshold) && threshold > 0)) throw new Error(`--threshold must be a positive integer, got "${args.threshold}"`);
    const stream = await loadStream(threshold ? { ...preset, segmenter: { kind: 'new-entities', threshold } } : preset);
    console.log(formatSegmentTable(stream));
  },
});
