export { runStream, hashConfig } from './run-stream.js';
export type { RunStreamOutcome } from './run-stream.js';
export type { RunStreamOptions, TrainingOptions } from './run-options.js';
export { segmentRng } from './segment-rng.js';
export type { RngPurpose } from './segment-rng.js';
export { sizeByRank } from './size-by-rank.js';
export { encodeSnapshot, decodeSnapshot, writeSnapshotFile, readSnapshotFile } from './snapshot-file.js';
