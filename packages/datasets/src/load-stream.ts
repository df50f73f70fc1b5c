import { buildStream, DatasetError, type RawInteractions, type StreamDataset, type StreamProtocolOptions } from '@scall/stream-protocol';
import { readAmazonCsv, readAmazonJson } from './read-amazon.js';
import { readDelimited, type DelimitedReaderOptions, type ReaderOptions } from './read-delimited.js';
import { readMovieLens, type MovieLensLayout } from './read-movielens.js';
import { readYelp } from './read-yelp.js';
import { createSyntheticStream, type SyntheticStreamOptions } from './synthetic-stream.js';

/** Where the interactions come from: a file in one of the known formats, or the synthetic generator. */
export type StreamSource =
  | ({ readonly format: 'movielens'; readonly layout?: MovieLensLayout } & ReaderOptions)
  | ({ readonly format: 'amazon-csv' } & ReaderOptions)
  | ({ readonly format: 'amazon-json' } & ReaderOptions)
  | ({ readonly format: 'yelp' } & ReaderOptions)
  | ({ readonly format: 'delimited' } & DelimitedReaderOptions)
  | ({ readonly format: 'synthetic' } & SyntheticStreamOptions);

/** Options of {@link loadStream}: a source plus the stream protocol. */
export interface LoadStreamOptions extends StreamProtocolOptions {
  readonly source: StreamSource;
  /** Dataset name for tables and result files (default: the format, or the file name). */
  readonly name?: string;
}

/**
 * Reads a source and builds the SCALL stream from it: the one call the app makes.
 *
 * @example
 * const stream = await loadStream({
 *   source: { format: 'movielens', path: '../shared/data/ml-100k/u.data' },
 *   kCore: 10, segmenter: { kind: 'new-entities', threshold: 300 }, seed: 1,
 * });
 * // or: await loadStream(datasetPreset('synthetic-small'))
 */
export async function loadStream(options: LoadStreamOptions): Promise<StreamDataset> {
  if (typeof options !== 'object' || options === null || typeof options.source !== 'object' || options.source === null) {
    throw new DatasetError('loadStream needs options with a "source" object');
  }
  const raw = await readSource(options.source);
  const { source } = options;
  const name = options.name ?? (source.format === 'synthetic' ? 'synthetic' : baseName(source.path));
  const protocolExtras: Record<string, string | number | boolean | null> = { format: source.format };
  if (source.format === 'synthetic') {
    for (const [key, value] of Object.entries(raw.source === 'synthetic' ? (raw as ReturnType<typeof createSyntheticStream>).options : {})) protocolExtras[`synthetic.${key}`] = value;
  } else {
    protocolExtras.path = source.path;
  }
  return buildStream(raw, { ...options, name, protocolExtras });
}

/** Reads the interactions of a {@link StreamSource} without building the stream. */
export async function readSource(source: StreamSource): Promise<RawInteractions> {
  switch (source.format) {
    case 'movielens':
      return readMovieLens(source);
    case 'amazon-csv':
      return readAmazonCsv(source);
    case 'amazon-json':
      return readAmazonJson(source);
    case 'yelp':
      return readYelp(source);
    case 'delimited':
      return readDelimited(source);
    case 'synthetic':
      return createSyntheticStream(source);
    default:
      throw new DatasetError(
        `option "source.format" must be one of movielens, amazon-csv, amazon-json, yelp, delimited, synthetic; got ${JSON.stringify((source as { format: unknown }).format)}`,
      );
  }
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
