import { createRng } from '@scall/rng';
import type { Interactions, SegmentStats, StreamDatasetV1, StreamSegment } from '@scall/spec';
import type { BadRowReport } from './bad-row-report.js';
import { DatasetError } from './dataset-error.js';
import { splitRandomPerUser, splitRng } from './random-per-user-split.js';
import type { RawInteractions } from './raw-interactions.js';
import { sampleReplayRows } from './reservoir-replay.js';
import { cutSegments } from './segmenter.js';
import { resolveProtocol, type StreamProtocol, type StreamProtocolOptions } from './stream-protocol.js';
import { buildTimeline, countFirstSeenBefore, type Timeline } from './timeline.js';
import { buildSortedCsr, CsrTripleSampler, type UserItemCsr } from './triple-sampler.js';

/** A {@link StreamDatasetV1} with the extras this package knows about its data. */
export interface StreamDataset extends StreamDatasetV1 {
  /**
   * The whole stream in time order (dense ids, after de-duplication and k-core). With
   * `splitBase: 'random-per-user'`: the rows part by part (training, validation, test),
   * each part in time order, ids numbered by first appearance in that order.
   */
  readonly interactions: Interactions;
  /** Segment `t` holds rows `[boundaries[t], boundaries[t+1])` of {@link interactions}. */
  readonly boundaries: Int32Array;
  /** The settings with defaults filled in. */
  readonly settings: StreamProtocol;
  /** Source id of dense user `id`. */
  userKey(id: number): string;
  /** Source id of dense item `id`. */
  itemKey(id: number): string;
  /** Rows skipped while reading (with `onBadRow: 'skip'`). */
  readonly badRows: BadRowReport;
}

const CACHED_SEGMENTS = 2;

/**
 * Builds the SCALL stream (§2) from raw interactions: stable time sort (ties keep file
 * order), de-duplication, iterative k-core, dense re-indexing by first appearance,
 * segmenting, and per segment (built lazily, in any order): reservoir replay in front,
 * the 80/20 split in time order with an optional validation slice, test and validation
 * restricted to known users and items, frequencies, and a CSR BPR sampler.
 *
 * With `splitBase: 'random-per-user'` (CIESS's static protocol) there is no stream: one
 * segment holds the whole dataset, split at random per user (`splitRandomPerUser`), with
 * no replay; its parts have the same shape as a stream segment's, so runners, trainers
 * and evaluators use it unchanged.
 *
 * @example
 * const raw = await readMovieLens({ path: 'ml-100k/u.data' });
 * const stream = buildStream(raw, { name: 'ml-100k', segmenter: { kind: 'new-entities', threshold: 300 } });
 * stream.segment(1).stats;
 */
export function buildStream(raw: RawInteractions, options: StreamProtocolOptions & { readonly name: string; readonly protocolExtras?: Record<string, string | number | boolean | null> }): StreamDataset {
  const settings = resolveProtocol(options);
  const perUser = settings.splitBase === 'random-per-user';
  const timeOrdered = buildTimeline(raw, settings);
  const layout = perUser ? splitRandomPerUser(timeOrdered, settings.testRatio, settings.validationRatio, splitRng(settings.seed)) : undefined;
  const timeline = layout?.timeline ?? timeOrdered;
  const boundaries = layout ? Int32Array.of(0, timeline.length) : cutSegments(timeline, settings.segmenter, settings.boundary);
  const split: SegmentSplit | undefined = layout ? { ownTrain: layout.trainRows + layout.validationRows, validationRows: layout.validationRows } : undefined;
  const segmenterValue =
    settings.segmenter.kind === 'new-entities' ? settings.segmenter.threshold : settings.segmenter.kind === 'rows' ? settings.segmenter.rows : settings.segmenter.seconds;
  const protocol = Object.freeze({
    ...options.protocolExtras,
    dataset: options.name,
    kCore: settings.kCore,
    dedupe: settings.dedupe,
    tieBreak: 'file-order',
    // The static split cuts no segments and replays nothing.
    segmenter: perUser ? 'none' : settings.segmenter.kind,
    segmenterValue: perUser ? null : segmenterValue,
    replayRatio: perUser ? 0 : settings.replayRatio,
    testRatio: settings.testRatio,
    validationRatio: settings.validationRatio,
    splitBase: settings.splitBase,
    boundary: perUser ? null : settings.boundary,
    positives: settings.positives,
    negatives: settings.negatives,
    seed: settings.seed,
    rows: timeline.length,
    users: timeline.numUsers,
    items: timeline.numItems,
    duplicatesRemoved: timeline.duplicatesRemoved,
    kCoreRemoved: timeline.kCoreRemoved,
    badRowsSkipped: raw.badRows.count,
  });
  const cache = new Map<number, StreamSegment>();
  const numSegments = boundaries.length - 1;
  return {
    specificationVersion: 'v1',
    name: options.name,
    numSegments,
    totalUsers: timeline.numUsers,
    totalItems: timeline.numItems,
    protocol,
    settings,
    interactions: { users: timeline.users, items: timeline.items, timestamps: timeline.timestamps, length: timeline.length },
    boundaries,
    badRows: raw.badRows,
    userKey: (id) => raw.userKey(timeline.rawUserOf[id]),
    itemKey: (id) => raw.itemKey(timeline.rawItemOf[id]),
    segment(index: number): StreamSegment {
      if (!(Number.isInteger(index) && index >= 0 && index < numSegments)) {
        throw new DatasetError(`segment index must be an integer in [0, ${numSegments - 1}], got ${index}`);
      }
      let segment = cache.get(index);
      if (segment === undefined) {
        segment = buildSegment(timeline, boundaries, index, settings, split);
        if (cache.size >= CACHED_SEGMENTS) cache.delete(cache.keys().next().value as number);
        cache.set(index, segment);
      }
      return segment;
    },
  };
}

/**
 * The replay reservoir's generator of segment `index`, from the stream's own `seed`
 * setting (`dataset.seed`), never from the run seed: the stream, replay sample included,
 * is part of the dataset, so every run seed trains on the same rows. The formula is part
 * of every recorded stream and stays as it is (it is not the run's seed tree; see
 * `seedTree` in `@scall/rng` for the run's generators).
 */
function replayRng(seed: number, index: number) {
  return createRng((Math.trunc(seed) ^ Math.imul(index + 1, 0x9e3779b1)) | 0);
}

/** Where a segment's own rows split: the first `ownTrain` train (their last `validationRows` validate), the rest test. */
interface SegmentSplit {
  readonly ownTrain: number;
  readonly validationRows: number;
}

/** The split of a stream segment of `rows` own rows with `replayed` rows in front (spec §2 step 6). */
function streamSplit(rows: number, replayed: number, settings: StreamProtocol): SegmentSplit {
  const ownTrain = ownTrainingRows(rows, replayed, settings);
  // A requested slice holds at least one row (tiny segments would otherwise get none).
  const validationRows = settings.validationRatio > 0 && ownTrain >= 2 ? Math.max(1, Math.floor(ownTrain * settings.validationRatio + 1e-9)) : 0;
  return { ownTrain, validationRows };
}

/**
 * Builds segment `index`; `split` (the static protocol's single segment, laid out train,
 * validation, test) replaces the stream's split.
 */
function buildSegment(timeline: Timeline, boundaries: Int32Array, index: number, settings: StreamProtocol, split?: SegmentSplit): StreamSegment {
  const start = boundaries[index];
  const end = boundaries[index + 1];
  const rows = end - start;
  const { users, items, timestamps } = timeline;

  // Replay: earlier rows of this segment's users, put in front.
  let replay: Int32Array = new Int32Array(0);
  if (index > 0 && split === undefined) {
    const segmentUsers = new Uint8Array(timeline.numUsers);
    for (let r = start; r < end; r++) segmentUsers[users[r]] = 1;
    replay = sampleReplayRows(users, start, segmentUsers, Math.floor(settings.replayRatio * rows + 1e-9), replayRng(settings.seed, index));
  }

  // Split (spec §2 step 6): over the own rows (`'own'`) or over replay + own rows
  // (`'with-replay'`, the reference); the validation slice is the tail of the own training rows.
  const { ownTrain, validationRows } = split ?? streamSplit(rows, replay.length, settings);
  const trainEnd = start + ownTrain - validationRows;
  const testStart = start + ownTrain;
  const numUsers = countFirstSeenBefore(timeline.firstRowOfUser, trainEnd);
  const numItems = countFirstSeenBefore(timeline.firstRowOfItem, trainEnd);

  const trainLength = replay.length + (trainEnd - start);
  const trainUsersCol = new Int32Array(trainLength);
  const trainItemsCol = new Int32Array(trainLength);
  const trainTimes = new Float64Array(trainLength);
  for (let k = 0; k < replay.length; k++) {
    const r = replay[k];
    trainUsersCol[k] = users[r];
    trainItemsCol[k] = items[r];
    trainTimes[k] = timestamps[r];
  }
  trainUsersCol.set(users.subarray(start, trainEnd), replay.length);
  trainItemsCol.set(items.subarray(start, trainEnd), replay.length);
  trainTimes.set(timestamps.subarray(start, trainEnd), replay.length);
  const train: Interactions = { users: trainUsersCol, items: trainItemsCol, timestamps: trainTimes, length: trainLength };

  const known = (from: number, to: number): Interactions => restrictToKnown(timeline, from, to, numUsers, numItems);
  const validation = settings.validationRatio > 0 ? known(trainEnd, testStart) : undefined;
  const test = known(testStart, end);
  const rawValidation = settings.validationRatio > 0 ? rowsOf(timeline, trainEnd, testStart) : undefined;
  const rawTest = rowsOf(timeline, testStart, end);
  const graph: Interactions = { users: users.subarray(0, trainEnd), items: items.subarray(0, trainEnd), timestamps: timestamps.subarray(0, trainEnd), length: trainEnd };

  const userFrequencies = new Float64Array(numUsers);
  const itemFrequencies = new Float64Array(numItems);
  for (let k = 0; k < trainLength; k++) {
    userFrequencies[trainUsersCol[k]]++;
    itemFrequencies[trainItemsCol[k]]++;
  }
  let poolSize = 0;
  for (let u = 0; u < numUsers; u++) if (userFrequencies[u] > 0) poolSize++;
  const trainUsers = new Int32Array(poolSize);
  for (let u = 0, k = 0; u < numUsers; u++) if (userFrequencies[u] > 0) trainUsers[k++] = u;

  const graphCsr = buildSortedCsr(graph.users, graph.items, numUsers);
  const sampler =
    settings.positives === 'new-first'
      ? newFirstSampler(trainUsers, trainUsersCol, trainItemsCol, replay.length, numUsers, graphCsr, numItems, settings)
      : currentUniformSampler(trainUsers, trainUsersCol, trainItemsCol, numUsers, graphCsr, numItems, settings);
  const { knownUsers, knownItems } = knownOfRows(rawTest, numUsers, numItems);

  const stats: SegmentStats = {
    index,
    users: numUsers,
    items: numItems,
    newUsers: numUsers - countFirstSeenBefore(timeline.firstRowOfUser, start),
    newItems: numItems - countFirstSeenBefore(timeline.firstRowOfItem, start),
    rows,
    replayedRows: replay.length,
    trainRows: trainLength,
    validationRows: validation?.length ?? 0,
    testRows: test.length,
    testUsers: countDistinct(test.users, numUsers),
    testPairs: test.length,
    testUsersAll: knownUsers,
    candidateItems: knownItems,
    ownTrainRows: ownTrain,
    graphRows: trainEnd,
    // The static layout is not in time order: its span is the earliest and latest row.
    startTime: split ? minOf(timestamps) : timestamps[start],
    endTime: split ? maxOf(timestamps) : timestamps[end - 1],
  };
  return { index, numUsers, numItems, train, validation, test, rawTest, rawValidation, graph, userFrequencies, itemFrequencies, trainUsers, sampler, stats };
}

/** Own rows of a segment of `rows` rows with `replayed` rows in front that go to its training part. */
export function ownTrainingRows(rows: number, replayed: number, settings: Pick<StreamProtocol, 'splitBase' | 'testRatio'>): number {
  if (settings.splitBase === 'own') return Math.floor(rows * (1 - settings.testRatio) + 1e-9);
  // The reference: round(0.8 (R + N)) rows of replay + own train, i.e. that less R own rows.
  const train = Math.round((replayed + rows) * (1 - settings.testRatio));
  return Math.min(rows, Math.max(0, train - replayed));
}

/** v0.1 positives: the user's new rows first, replayed rows only when it has none. */
function newFirstSampler(
  trainUsers: Int32Array,
  usersCol: Int32Array,
  itemsCol: Int32Array,
  replayed: number,
  numUsers: number,
  graphCsr: UserItemCsr,
  numItems: number,
  settings: StreamProtocol,
): CsrTripleSampler {
  const length = usersCol.length;
  const posOffsets = new Int32Array(numUsers + 1);
  for (let k = 0; k < length; k++) posOffsets[usersCol[k] + 1]++;
  for (let u = 0; u < numUsers; u++) posOffsets[u + 1] += posOffsets[u];
  const cursor = posOffsets.slice(0, numUsers);
  const newPositives = new Int32Array(numUsers);
  const posItems = new Int32Array(length);
  for (let k = replayed; k < length; k++) {
    const u = usersCol[k];
    posItems[cursor[u]++] = itemsCol[k];
    newPositives[u]++;
  }
  for (let k = 0; k < replayed; k++) posItems[cursor[usersCol[k]]++] = itemsCol[k];
  return new CsrTripleSampler(trainUsers, { offsets: posOffsets, items: posItems }, newPositives, graphCsr, numItems, negativePool(itemsCol, numItems, settings));
}

/** The reference positives: uniform over the user's distinct items of the whole training part. */
function currentUniformSampler(
  trainUsers: Int32Array,
  usersCol: Int32Array,
  itemsCol: Int32Array,
  numUsers: number,
  graphCsr: UserItemCsr,
  numItems: number,
  settings: StreamProtocol,
): CsrTripleSampler {
  const sorted = buildSortedCsr(usersCol, itemsCol, numUsers);
  const offsets = new Int32Array(numUsers + 1);
  const items: number[] = [];
  for (let u = 0; u < numUsers; u++) {
    for (let k = sorted.offsets[u]; k < sorted.offsets[u + 1]; k++) {
      if (k === sorted.offsets[u] || sorted.items[k] !== sorted.items[k - 1]) items.push(sorted.items[k]);
    }
    offsets[u + 1] = items.length;
  }
  const counts = new Int32Array(numUsers);
  for (let u = 0; u < numUsers; u++) counts[u] = offsets[u + 1] - offsets[u];
  return new CsrTripleSampler(trainUsers, { offsets, items: Int32Array.from(items) }, counts, graphCsr, numItems, negativePool(itemsCol, numItems, settings));
}

/** The reference negatives' pool: distinct items of the current training part, ascending. */
function negativePool(itemsCol: Int32Array, numItems: number, settings: StreamProtocol): Int32Array | undefined {
  if (settings.negatives === 'known') return undefined;
  const seen = new Uint8Array(numItems);
  for (let k = 0; k < itemsCol.length; k++) seen[itemsCol[k]] = 1;
  const pool: number[] = [];
  for (let i = 0; i < numItems; i++) if (seen[i] === 1) pool.push(i);
  return Int32Array.from(pool);
}

/** Rows `[from, to)` of the timeline as they are (no restriction). */
function rowsOf(timeline: Timeline, from: number, to: number): Interactions {
  return { users: timeline.users.slice(from, to), items: timeline.items.slice(from, to), timestamps: timeline.timestamps.slice(from, to), length: to - from };
}

/** Distinct known users and distinct known items among some rows. */
function knownOfRows(rows: Interactions, numUsers: number, numItems: number): { knownUsers: number; knownItems: number } {
  const users = new Uint8Array(numUsers);
  const items = new Uint8Array(numItems);
  let knownUsers = 0;
  let knownItems = 0;
  for (let r = 0; r < rows.length; r++) {
    const u = rows.users[r];
    const i = rows.items[r];
    if (u < numUsers && users[u] === 0) {
      users[u] = 1;
      knownUsers++;
    }
    if (i < numItems && items[i] === 0) {
      items[i] = 1;
      knownItems++;
    }
  }
  return { knownUsers, knownItems };
}

function restrictToKnown(timeline: Timeline, from: number, to: number, numUsers: number, numItems: number): Interactions {
  let length = 0;
  for (let r = from; r < to; r++) if (timeline.users[r] < numUsers && timeline.items[r] < numItems) length++;
  const users = new Int32Array(length);
  const items = new Int32Array(length);
  const timestamps = new Float64Array(length);
  for (let r = from, k = 0; r < to; r++) {
    if (timeline.users[r] < numUsers && timeline.items[r] < numItems) {
      users[k] = timeline.users[r];
      items[k] = timeline.items[r];
      timestamps[k] = timeline.timestamps[r];
      k++;
    }
  }
  return { users, items, timestamps, length };
}

function countDistinct(ids: Int32Array, bound: number): number {
  const seen = new Uint8Array(bound);
  let count = 0;
  for (let k = 0; k < ids.length; k++) {
    if (seen[ids[k]] === 0) {
      seen[ids[k]] = 1;
      count++;
    }
  }
  return count;
}

function minOf(values: Float64Array): number {
  let m = Infinity;
  for (let k = 0; k < values.length; k++) if (values[k] < m) m = values[k];
  return m;
}

function maxOf(values: Float64Array): number {
  let m = -Infinity;
  for (let k = 0; k < values.length; k++) if (values[k] > m) m = values[k];
  return m;
}
