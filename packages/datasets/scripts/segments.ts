// Prints the segment table of a dataset preset:
//   pnpm --filter @scall/datasets segments -- --dataset ml-100k --threshold 300 [--k-core 10] [--data-dir ../shared/data] [--seed 0]
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DATASET_PRESETS, datasetPreset, formatSegmentTable, loadStream, type DatasetPresetName } from '../src/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    dataset: { type: 'string', default: 'ml-100k' },
    threshold: { type: 'string' },
    rows: { type: 'string' },
    'k-core': { type: 'string' },
    seed: { type: 'string' },
    'data-dir': { type: 'string', default: fileURLToPath(new URL('../../../../shared/data', import.meta.url)) },
  },
});
const name = values.dataset as DatasetPresetName;
if (!DATASET_PRESETS.includes(name)) {
  console.error(`unknown --dataset ${JSON.stringify(name)} (known: ${DATASET_PRESETS.join(', ')})`);
  process.exit(2);
}
const preset = datasetPreset(name, values['data-dir']);
const options = {
  ...preset,
  ...(values.threshold !== undefined ? { segmenter: { kind: 'new-entities' as const, threshold: Number(values.threshold) } } : {}),
  ...(values.rows !== undefined ? { segmenter: { kind: 'rows' as const, rows: Number(values.rows) } } : {}),
  ...(values['k-core'] !== undefined ? { kCore: Number(values['k-core']) } : {}),
  ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
};
try {
  const stream = await loadStream(options);
  console.log(formatSegmentTable(stream));
  if (stream.badRows.count > 0) console.log(`(${stream.badRows.count} bad rows skipped; first: ${stream.badRows.examples[0]})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
