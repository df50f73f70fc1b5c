export { DatasetError } from './dataset-error.js';
export type { BadRowReport } from './bad-row-report.js';
export type { RawInteractions } from './raw-interactions.js';
export type { DedupePolicy } from './timeline.js';
export type { SegmenterOptions } from './segmenter.js';
export { resolveProtocol, type NegativeSampling, type PositiveSampling, type SegmentBoundary, type SplitBase, type StreamProtocol, type StreamProtocolOptions } from './stream-protocol.js';
export { perUserPartSizes, type PerUserPartSizes } from './random-per-user-split.js';
export { CsrTripleSampler, type UserItemCsr } from './triple-sampler.js';
export { buildStream, type StreamDataset } from './stream-dataset.js';
