import { DatasetError } from './dataset-error.js';
import type { SegmenterOptions } from './segmenter.js';
import type { DedupePolicy } from './timeline.js';

/** The stream protocol settings of SCALL §2 (every field optional; defaults below). */
export interface StreamProtocolOptions {
  /** Iterative k-core filter; 0 or 1 disables it (default 0). */
  readonly kCore?: number;
  /** Repeated (user, item) pairs: keep the first (default) or keep all. */
  readonly dedupe?: DedupePolicy;
  /** Default `{ kind: 'new-entities', threshold: 15000 }` (the paper's). */
  readonly segmenter?: SegmenterOptions;
  /** Reservoir replay capacity as a fraction of the segment's rows (default 0.2). */
  readonly replayRatio?: number;
  /**
   * Fraction of each segment's rows (the tail) used as its test part (default 0.2); with
   * `splitBase: 'random-per-user'`, the fraction of each user's rows drawn for the test
   * part (default 0.25).
   */
  readonly testRatio?: number;
  /**
   * Fraction of each segment's own training rows (their tail) held out for validation
   * (default 0); with `splitBase: 'random-per-user'`, the fraction of each user's rows
   * drawn for the validation part (default 0.25).
   */
  readonly validationRatio?: number;
  /** Seed of the replay reservoirs, or of the random per-user split (default 0). */
  readonly seed?: number;
  /**
   * What the per-segment train/test split is taken over (spec §2 step 6):
   * - `'own'` (v0.1 default): the segment's own N rows, the first `floor((1 - testRatio)·N)` train;
   * - `'with-replay'` (the reference code): the R replayed rows + N own rows together,
   *   the first `round((1 - testRatio)·(R + N))` train, so `round(…) − R` own rows train;
   * - `'random-per-user'` (CIESS's static protocol): no stream at all — one segment holds
   *   the whole dataset, each user's rows are shuffled with a generator seeded from `seed`
   *   and cut into train / validation / test by `perUserPartSizes` (`testRatio` and
   *   `validationRatio` of the user's rows, default 0.25 each, rounded half up; every user
   *   keeps a training row). `segmenter`, `boundary` and `replayRatio` are not used (no
   *   cut, no replay) and the recorded protocol says so (`segmenter: 'none'`).
   */
  readonly splitBase?: SplitBase;
  /**
   * Where a `new-entities` segment ends (spec §2 step 8): `'after'` (v0.1 default) the row
   * whose new entity pushes the count past the threshold, or `'before'` it (the reference
   * code; the crossing row opens the next segment and its new entities count there).
   */
  readonly boundary?: SegmentBoundary;
  /**
   * BPR positives: `'new-first'` (v0.1 default: the user's rows new in this segment, replayed
   * rows only when it has none) or `'current-uniform'` (the reference: uniform over the
   * user's distinct items of the whole current training part, replay included).
   */
  readonly positives?: PositiveSampling;
  /**
   * BPR negatives: `'known'` (v0.1 default: any known item the user never interacted with)
   * or `'current-items'` (the reference: items of the current training part the user never
   * interacted with, any known item when none is left).
   */
  readonly negatives?: NegativeSampling;
}

/** See {@link StreamProtocolOptions.splitBase}. */
export type SplitBase = 'own' | 'with-replay' | 'random-per-user';
/** See {@link StreamProtocolOptions.boundary}. */
export type SegmentBoundary = 'after' | 'before';
/** See {@link StreamProtocolOptions.positives}. */
export type PositiveSampling = 'new-first' | 'current-uniform';
/** See {@link StreamProtocolOptions.negatives}. */
export type NegativeSampling = 'known' | 'current-items';

/** {@link StreamProtocolOptions} with every default filled in. */
export interface StreamProtocol {
  readonly kCore: number;
  readonly dedupe: DedupePolicy;
  readonly segmenter: SegmenterOptions;
  readonly replayRatio: number;
  readonly testRatio: number;
  readonly validationRatio: number;
  readonly seed: number;
  readonly splitBase: SplitBase;
  readonly boundary: SegmentBoundary;
  readonly positives: PositiveSampling;
  readonly negatives: NegativeSampling;
}

/** Fills in defaults and validates, naming the option at fault. */
export function resolveProtocol(options: StreamProtocolOptions): StreamProtocol {
  const perUser = options.splitBase === 'random-per-user';
  const protocol: StreamProtocol = {
    kCore: options.kCore ?? 0,
    dedupe: options.dedupe ?? 'first',
    segmenter: options.segmenter ?? { kind: 'new-entities', threshold: 15_000 },
    replayRatio: options.replayRatio ?? 0.2,
    testRatio: options.testRatio ?? (perUser ? 0.25 : 0.2),
    validationRatio: options.validationRatio ?? (perUser ? 0.25 : 0),
    seed: options.seed ?? 0,
    splitBase: options.splitBase ?? 'own',
    boundary: options.boundary ?? 'after',
    positives: options.positives ?? 'new-first',
    negatives: options.negatives ?? 'known',
  };
  if (!(Number.isInteger(protocol.kCore) && protocol.kCore >= 0)) throw new DatasetError(`option "kCore" must be a non-negative integer, got ${protocol.kCore}`);
  if (protocol.dedupe !== 'first' && protocol.dedupe !== 'keep') throw new DatasetError(`option "dedupe" must be "first" or "keep", got ${JSON.stringify(protocol.dedupe)}`);
  fraction('replayRatio', protocol.replayRatio, 0, 10);
  fraction('testRatio', protocol.testRatio, 0, 1);
  fraction('validationRatio', protocol.validationRatio, 0, 1);
  if (!(protocol.testRatio > 0 && protocol.testRatio < 1)) throw new DatasetError(`option "testRatio" must be in (0, 1), got ${protocol.testRatio}`);
  if (!(protocol.validationRatio < 1)) throw new DatasetError(`option "validationRatio" must be in [0, 1), got ${protocol.validationRatio}`);
  oneOf('splitBase', protocol.splitBase, ['own', 'with-replay', 'random-per-user']);
  if (perUser && !(protocol.testRatio + protocol.validationRatio < 1)) {
    throw new DatasetError(
      `options "testRatio" (${protocol.testRatio}) and "validationRatio" (${protocol.validationRatio}) must leave rows to train with splitBase "random-per-user": their sum must be below 1`,
    );
  }
  oneOf('boundary', protocol.boundary, ['after', 'before']);
  oneOf('positives', protocol.positives, ['new-first', 'current-uniform']);
  oneOf('negatives', protocol.negatives, ['known', 'current-items']);
  if (!Number.isFinite(protocol.seed)) throw new DatasetError(`option "seed" must be a finite number, got ${protocol.seed}`);
  return protocol;
}

function fraction(name: string, value: number, min: number, max: number): void {
  if (!(typeof value === 'number' && value >= min && value <= max)) throw new DatasetError(`option "${name}" must be a number in [${min}, ${max}], got ${value}`);
}

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (!allowed.includes(value as string)) throw new DatasetError(`option "${name}" must be ${allowed.map((a) => `"${a}"`).join(' or ')}, got ${JSON.stringify(value)}`);
}
