import type { MovieLensLayout } from './read-movielens.js';

/** Names accepted by {@link downloadDataset}: public GroupLens MovieLens archives. */
export type DownloadableDatasetName = 'ml-100k' | 'ml-1m' | 'ml-latest-small';

/** Every downloadable dataset name, for CLIs and validation. */
export const DOWNLOADABLE_DATASETS: readonly DownloadableDatasetName[] = ['ml-100k', 'ml-1m', 'ml-latest-small'];

/** What {@link downloadDataset} knows about a downloadable dataset. */
export interface DownloadableDataset {
  readonly name: DownloadableDatasetName;
  /** File name of the zip archive under the base URL. */
  readonly archive: string;
  /** The rating file inside the archive (after its top-level folder is stripped). */
  readonly ratings: string;
  /** The MovieLens layout of {@link DownloadableDataset.ratings}. */
  readonly layout: MovieLensLayout;
  /**
   * SHA-256 (hex) of files inside the archive that are known offline, verified after every
   * extraction and on every cache hit. Only checksums computed from real copies are pinned.
   */
  readonly pinnedSha256: Readonly<Record<string, string>>;
}

/** The default base URL (GroupLens); override with option `baseUrl` or `SCALL_DATASETS_BASE_URL`. */
export const DEFAULT_DATASETS_BASE_URL = 'https://files.grouplens.org/datasets/movielens/';

/**
 * The catalog. `ml-100k/u.data`'s checksum is the one recorded for the byte-identical copy
 * in the project's shared data (its SOURCE.md, cross-checked against three independent
 * copies). No archive checksum and nothing of ml-1m / ml-latest-small could be computed
 * offline, so for those the caller passes `sha256` (the archive's SHA-256).
 */
export const DOWNLOADABLE_DATASET_CATALOG: Readonly<Record<DownloadableDatasetName, DownloadableDataset>> = {
  'ml-100k': {
    name: 'ml-100k',
    archive: 'ml-100k.zip',
    ratings: 'u.data',
    layout: 'u.data',
    pinnedSha256: { 'u.data': '06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490' },
  },
  'ml-1m': { name: 'ml-1m', archive: 'ml-1m.zip', ratings: 'ratings.dat', layout: 'ratings.dat', pinnedSha256: {} },
  'ml-latest-small': { name: 'ml-latest-small', archive: 'ml-latest-small.zip', ratings: 'ratings.csv', layout: 'ratings.csv', pinnedSha256: {} },
};
