import { DatasetError, type RawInteractions } from '@scall/stream-protocol';
import { readLines } from './line-reader.js';
import { readDelimited, type ReaderOptions } from './read-delimited.js';

/** Which MovieLens rating file layout a file uses. */
export type MovieLensLayout = 'u.data' | 'ratings.dat' | 'ratings.csv';

/**
 * Reads a MovieLens rating file: `u.data` (ML-100K, tab-separated), `ratings.dat`
 * (ML-1M / 10M, `::`-separated) or `ratings.csv` (latest / 20M / 25M, with header).
 * The layout is detected from the first line unless given. Ratings are ignored.
 *
 * @example
 * const rows = await readMovieLens({ path: '../shared/data/ml-100k/u.data' });
 * rows.length; // 100000
 */
export async function readMovieLens(options: ReaderOptions & { readonly layout?: MovieLensLayout }): Promise<RawInteractions> {
  const layout = options.layout ?? (await detectLayout(options.path));
  const common = { ...options, numericIds: true, timestampFormat: 'seconds' as const };
  switch (layout) {
    case 'u.data':
      return readDelimited({ ...common, delimiter: '\t', fieldCount: 4, columns: { user: 0, item: 1, timestamp: 3 } });
    case 'ratings.dat':
      return readDelimited({ ...common, delimiter: '::', fieldCount: 4, columns: { user: 0, item: 1, timestamp: 3 } });
    case 'ratings.csv':
      return readDelimited({ ...common, delimiter: ',', header: true, columns: { user: 'userId', item: 'movieId', timestamp: 'timestamp' } });
    default:
      throw new DatasetError(`unknown MovieLens layout ${JSON.stringify(layout)} (expected "u.data", "ratings.dat" or "ratings.csv")`, { file: options.path });
  }
}

async function detectLayout(path: string): Promise<MovieLensLayout> {
  let first: string | undefined;
  await readLines(path, (line) => {
    first = line;
    return false;
  });
  if (first === undefined) throw new DatasetError('file is empty', { file: path });
  if (first.startsWith('userId,')) return 'ratings.csv';
  if (first.includes('::')) return 'ratings.dat';
  if (first.includes('\t')) return 'u.data';
  throw new DatasetError(`cannot tell the MovieLens layout from the first line ${JSON.stringify(first.slice(0, 80))} (give option "layout")`, { file: path, line: 1 });
}
