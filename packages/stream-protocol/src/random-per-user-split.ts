import { createRng, shuffle } from '@scall/rng';
import type { Rng } from '@scall/spec';
import { DatasetError } from './dataset-error.js';
import { renumberRows, type Timeline } from './timeline.js';

/** How many of one user's rows go to each part of the random per-user split. */
export interface PerUserPartSizes {
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

/**
 * The part sizes of a user with `rows` interactions under the random per-user split
 * (`splitBase: 'random-per-user'`), rounding half up:
 * - `test = round(testRatio · rows)`, `validation = round(validationRatio · rows)`,
 *   `train = rows − test − validation`;
 * - every user keeps at least one training row: when the rounding leaves none, the
 *   validation part gives up rows first, then the test part, until one is left for
 *   training. With the default 0.25 / 0.25 (train / validation / test): 1 row gives
 *   1/0/0 (the user only trains), 2 rows 1/0/1 (round(0.5) = 1 test and 1 validation row
 *   would leave none to train, so the validation row trains), 3 rows 1/1/1, 4 rows
 *   2/1/1, 5 rows 3/1/1, 6 rows 2/2/2, 7 rows 3/2/2.
 *
 * @throws {DatasetError} for a negative or non-integer row count.
 */
export function perUserPartSizes(rows: number, testRatio: number, validationRatio: number): PerUserPartSizes {
  if (!(Number.isInteger(rows) && rows >= 0)) throw new DatasetError(`a user's row count must be a non-negative integer, got ${rows}`);
  if (rows === 0) return { train: 0, validation: 0, test: 0 };
  let test = roundHalfUp(testRatio * rows);
  let validation = roundHalfUp(validationRatio * rows);
  let overflow = test + validation - (rows - 1);
  if (overflow > 0) {
    const fromValidation = Math.min(validation, overflow);
    validation -= fromValidation;
    overflow -= fromValidation;
    test -= overflow;
  }
  return { train: rows - test - validation, validation, test };
}

/** Round half up, robust to a product such as 0.25 · 6 landing a hair below 1.5. */
function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5 + 1e-9);
}

/**
 * The generator of the random per-user split, from the stream's own `seed` setting
 * (`dataset.seed`), never from the run seed: the split is part of the dataset, so every
 * run seed trains and tests on the same rows. The formula is part of every recorded
 * static split and stays as it is (the replay reservoirs use another, `replayRng`).
 */
export function splitRng(seed: number): Rng {
  let h = Math.imul(Math.trunc(seed) | 0, 0x9e3779b1) ^ 0x5bd1e995;
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return createRng((h ^ (h >>> 12)) | 0);
}

/** A timeline laid out part by part for the static protocol, and where its parts start. */
export interface RandomPerUserLayout {
  /**
   * The rows reordered as training rows, then validation rows, then test rows, each part
   * in time order (stable: ties keep the timeline's order), with users and items
   * re-numbered by first appearance in that order, so the entities of the training part
   * are exactly the ids `0..n-1`.
   */
  readonly timeline: Timeline;
  /** Rows `[0, trainRows)` train. */
  readonly trainRows: number;
  /** Rows `[trainRows, trainRows + validationRows)` are the validation part, the rest the test part. */
  readonly validationRows: number;
}

/**
 * The random per-user split (CIESS's static protocol): each user's rows, in time order,
 * are shuffled (Fisher–Yates, users in id order, one generator `rng` for the whole
 * split) and cut by {@link perUserPartSizes}: the first `train` shuffled rows train, the
 * next `validation` validate, the last `test` test. No row is lost or duplicated, the
 * three parts are disjoint per user and every user keeps a training row. An item may
 * land only in the validation or test part; it is then unknown (id `>= numItems` of the
 * segment) and its rows are dropped from the known `validation` / `test` parts only (they
 * stay in `rawValidation` / `rawTest`).
 */
export function splitRandomPerUser(timeline: Timeline, testRatio: number, validationRatio: number, rng: Rng): RandomPerUserLayout {
  const n = timeline.length;
  const { users } = timeline;
  // Each user's rows in time order (counting sort by user is stable).
  const offsets = new Int32Array(timeline.numUsers + 1);
  for (let r = 0; r < n; r++) offsets[users[r] + 1]++;
  for (let u = 0; u < timeline.numUsers; u++) offsets[u + 1] += offsets[u];
  const cursor = offsets.slice(0, timeline.numUsers);
  const byUser = new Int32Array(n);
  for (let r = 0; r < n; r++) byUser[cursor[users[r]]++] = r;

  const TRAIN = 0;
  const VALIDATION = 1;
  const TEST = 2;
  const part = new Uint8Array(n);
  for (let u = 0; u < timeline.numUsers; u++) {
    const rows = byUser.subarray(offsets[u], offsets[u + 1]);
    const sizes = perUserPartSizes(rows.length, testRatio, validationRatio);
    shuffle(rng, rows);
    for (let k = sizes.train; k < sizes.train + sizes.validation; k++) part[rows[k]] = VALIDATION;
    for (let k = sizes.train + sizes.validation; k < rows.length; k++) part[rows[k]] = TEST;
  }

  // Rows part by part, each in time order.
  const order = new Int32Array(n);
  let at = 0;
  for (const p of [TRAIN, VALIDATION, TEST]) for (let r = 0; r < n; r++) if (part[r] === p) order[at++] = r;
  let trainRows = 0;
  let validationRows = 0;
  for (let r = 0; r < n; r++) {
    if (part[r] === TRAIN) trainRows++;
    else if (part[r] === VALIDATION) validationRows++;
  }
  return { timeline: renumbered(timeline, order), trainRows, validationRows };
}

/** `timeline`'s rows in `order`, users and items re-numbered by first appearance in it. */
function renumbered(timeline: Timeline, order: Int32Array): Timeline {
  return { ...renumberRows(timeline, order), duplicatesRemoved: timeline.duplicatesRemoved, kCoreRemoved: timeline.kCoreRemoved };
}
