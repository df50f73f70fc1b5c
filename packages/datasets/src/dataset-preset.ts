import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '@scall/stream-protocol';
import type { LoadStreamOptions } from './load-stream.js';

/** Names accepted by {@link datasetPreset}. */
export type DatasetPresetName =
  | 'ml-100k'
  | 'ml-1m'
  | 'ml-latest-small'
  | 'amazon-magazine'
  | 'ciaodvd'
  | 'lastfm-2k'
  | 'synthetic-small'
  | 'synthetic-medium'
  | 'synthetic-10m';

/** Every preset name, for CLIs and validation. */
export const DATASET_PRESETS: readonly DatasetPresetName[] = ['ml-100k', 'ml-1m', 'ml-latest-small', 'amazon-magazine', 'ciaodvd', 'lastfm-2k', 'synthetic-small', 'synthetic-medium', 'synthetic-10m'];

const DAY = 86_400;

/**
 * {@link loadStream} options for a named dataset. File presets look for their files in
 * `dataDir` (a folder holding e.g. `ml-100k/u.data`, like `../shared/data`, or the
 * dataset folder itself). Synthetic presets need no files:
 * - `synthetic-small`: 1.8k users + 0.9k items, ~46k rows after de-duplication, 6 segments
 *   (sized so a full SCALL run takes minutes);
 * - `synthetic-medium`: ~20k + 5k entities, 1M rows; `synthetic-10m`: 10^7 rows (benchmarks).
 * `ml-100k` uses the 10-core filter and a threshold of 300 new entities (7 segments,
 * as in the reference code's stream). `ml-1m` (10-core, 1,000 new entities) and
 * `ml-latest-small` (10-core, 300) are starting points sized for about ten segments.
 * The MovieLens presets accept the folder {@link downloadDataset} fills (its `dir`, or
 * the cache folder holding `ml-100k/`, `ml-1m/`, `ml-latest-small/`).
 *
 * Seeds: a preset's seeds are part of the dataset's definition, not of a run, and do not
 * follow the run seed. The synthetic presets generate their rows with seed 7
 * (`source.seed`), so every run seed sees the same data and the same test users, which
 * is what makes comparisons paired over run seeds valid. The replay reservoirs (the
 * stream's `seed`) use 7 for the synthetic presets and the protocol's default 0 for the
 * file presets: the stream, replay sample included, is part of the dataset.
 * `dataset.seed` in a run config (or `seed` in these options) overrides the replay seed
 * deliberately.
 *
 * @example
 * const stream = await loadStream(datasetPreset('ml-100k', '../shared/data'));
 * const ml1m = await downloadDataset('ml-1m', { sha256: '<archive checksum>' });
 * const stream1m = await loadStream(datasetPreset('ml-1m', ml1m.dir));
 * @throws {DatasetError} for an unknown name or a missing data file.
 */
export function datasetPreset(name: DatasetPresetName, dataDir?: string): LoadStreamOptions {
  switch (name) {
    case 'synthetic-small':
      return {
        name,
        source: { format: 'synthetic', users: 1800, items: 900, rows: 80_000, topics: 16, seed: 7 },
        segmenter: { kind: 'new-entities', threshold: 480 },
        seed: 7,
      };
    case 'synthetic-medium':
      return { name, source: { format: 'synthetic', users: 20_000, items: 5_000, rows: 1_000_000, topics: 32, seed: 7 }, segmenter: { kind: 'new-entities', threshold: 3_000 }, seed: 7 };
    case 'synthetic-10m':
      return { name, source: { format: 'synthetic', users: 500_000, items: 100_000, rows: 10_000_000, topics: 64, seed: 7 }, segmenter: { kind: 'new-entities', threshold: 60_000 }, seed: 7 };
    case 'ml-100k':
      return { name, source: { format: 'movielens', layout: 'u.data', path: dataFile(dataDir, name, 'ml-100k', 'u.data') }, kCore: 10, segmenter: { kind: 'new-entities', threshold: 300 } };
    case 'ml-1m':
      return { name, source: { format: 'movielens', layout: 'ratings.dat', path: dataFile(dataDir, name, 'ml-1m', 'ratings.dat') }, kCore: 10, segmenter: { kind: 'new-entities', threshold: 1_000 } };
    case 'ml-latest-small':
      return { name, source: { format: 'movielens', layout: 'ratings.csv', path: dataFile(dataDir, name, 'ml-latest-small', 'ratings.csv') }, kCore: 10, segmenter: { kind: 'new-entities', threshold: 300 } };
    case 'amazon-magazine':
      return { name, source: { format: 'amazon-csv', path: dataFile(dataDir, name, 'amazon2018-magazine-subscriptions', 'Magazine_Subscriptions.csv') }, segmenter: { kind: 'new-entities', threshold: 15_000 } };
    case 'ciaodvd':
      return {
        name,
        source: { format: 'delimited', path: dataFile(dataDir, name, 'ciaodvd-guo', 'movie-ratings.txt'), delimiter: ',', fieldCount: 6, numericIds: true, columns: { user: 0, item: 1, timestamp: 5 }, timestampFormat: 'date' },
        segmenter: { kind: 'new-entities', threshold: 5_000 },
      };
    case 'lastfm-2k':
      return {
        name,
        source: {
          format: 'delimited',
          path: dataFile(dataDir, name, 'lastfm-hetrec2011-2k', 'user_taggedartists.dat'),
          delimiter: '\t',
          header: true,
          numericIds: true,
          columns: { user: 'userID', item: 'artistID', year: 'year', month: 'month', day: 'day' },
          // 5 rows carry implausible years (1956-1979); the real data start in August 2005.
          timeRange: { min: Date.UTC(2005, 0, 1) / 1000, max: Date.UTC(2012, 0, 1) / 1000 },
          onBadRow: 'skip',
        },
        segmenter: { kind: 'time', seconds: 180 * DAY },
      };
    default:
      throw new DatasetError(`unknown dataset preset ${JSON.stringify(name)} (known: ${DATASET_PRESETS.join(', ')})`);
  }
}

function dataFile(dataDir: string | undefined, preset: string, folder: string, file: string): string {
  if (dataDir === undefined) throw new DatasetError(`dataset preset "${preset}" needs a data directory holding ${folder}/${file}`);
  const nested = join(dataDir, folder, file);
  if (existsSync(nested)) return nested;
  const direct = join(dataDir, file);
  if (existsSync(direct)) return direct;
  throw new DatasetError(`dataset preset "${preset}": neither ${nested} nor ${direct} exists`, { file: nested });
}
