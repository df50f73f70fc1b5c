// Shared with the stream protocol: readers throw the same error and return its input type.
export { DatasetError, type BadRowReport, type RawInteractions } from '@scall/stream-protocol';
export type { BadRowPolicy } from './bad-rows.js';
export { readLines } from './line-reader.js';
export { parseTimestamp, DEFAULT_TIME_RANGE, type TimestampFormat, type TimeRange } from './timestamp-format.js';
export { readDelimited, type ColumnMapping, type ColumnRef, type DelimitedReaderOptions, type ReaderOptions } from './read-delimited.js';
export { readMovieLens, type MovieLensLayout } from './read-movielens.js';
export { detectDelimitedFormat, type DelimitedFormat, type DelimitedFormatHints } from './detect-delimited.js';
export { readJsonLines, type JsonLinesReaderOptions } from './read-json-lines.js';
export { readAmazonCsv, readAmazonJson } from './read-amazon.js';
export { readYelp } from './read-yelp.js';
export { createSyntheticStream, type SyntheticStream, type SyntheticStreamOptions } from './synthetic-stream.js';
export { loadStream, readSource, type LoadStreamOptions, type StreamSource } from './load-stream.js';
export { datasetPreset, DATASET_PRESETS, type DatasetPresetName } from './dataset-preset.js';
export { formatSegmentTable } from './format-segment-table.js';
export {
  DOWNLOADABLE_DATASETS,
  DOWNLOADABLE_DATASET_CATALOG,
  DEFAULT_DATASETS_BASE_URL,
  type DownloadableDataset,
  type DownloadableDatasetName,
} from './downloadable-datasets.js';
export { downloadDataset, type DownloadDatasetOptions, type DownloadedDataset } from './download-dataset.js';
export { scallPlugins } from './plugins.js';
export { buildStream, CsrTripleSampler, type DedupePolicy, type SegmenterOptions, type StreamDataset, type StreamProtocol, type StreamProtocolOptions, type UserItemCsr } from './protocol-reexports.js';
