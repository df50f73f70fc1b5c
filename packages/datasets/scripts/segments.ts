// Prints the segment table of a dataset preset:
//   pnpm --filter @scall/datasets segments -- --dataset ml-100k --threshold 300 [--k-core 10] [--data-dir ../shared/data] [--seed 0]
//   pnpm --filter @scall/datasets segments -- --dataset ml-1m --download --sha256 <archive SHA-256>   (fetch into the cache first)
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  DATASET_PRESETS,
  datasetPreset,
  DOWNLOADABLE_DATASETS,
  downloadDataset,
  formatSegmentTable,
  loadStream,
  type DatasetPresetName,
  type DownloadableDatasetName,
} from '../src/index.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    dataset: { type: 'string', default: 'ml-100k' },
    threshold: { type: 'string' },
    rows: { type: 'string' },
    'k-core': { type: 'string' },
    seed: { type: 'string' },
    'data-dir': { type: 'string', default: fileURLToPath(new URL('../../../../shared/data', import.meta.url)) },
    download: { type: 'boolean', default: false },
    sha256: { type: 'string' },
  },
});
const name = values.dataset as DatasetPresetName;
if (!DATASET_PRESETS.includes(name)) {
  console.error(`unknown --dataset ${JSON.stringify(name)} (known: ${DATASET_PRESETS.join(', ')})`);
  process.exit(2);
}
if (values.download && !DOWNLOADABLE_DATASETS.includes(name as DownloadableDatasetName)) {
  console.error(`--download works for ${DOWNLOADABLE_DATASETS.join(', ')}, not ${JSON.stringify(name)}`);
  process.exit(2);
}
let dataDir = values['data-dir'];
if (values.download) {
  try {
    dataDir = (await downloadDataset(name as DownloadableDatasetName, values.sha256 === undefined ? {} : { sha256: values.sha256 })).dir;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
const preset = datasetPreset(name, dataDir);
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
