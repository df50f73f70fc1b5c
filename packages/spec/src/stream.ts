import type { Rng } from './rng.js';

/**
 * A list of implicit-feedback interactions in time order, with dense ids
 * (users and items numbered 0.. by first appearance in the stream).
 */
export interface Interactions {
  readonly users: Int32Array;
  readonly items: Int32Array;
  /** Seconds since the epoch (may be fractional). */
  readonly timestamps: Float64Array;
  readonly length: number;
}

/** A batch of BPR triples `(user, positive item, negative item)`. */
export interface TripleBatch {
  readonly users: Int32Array;
  readonly positives: Int32Array;
  readonly negatives: Int32Array;
}

/**
 * Draws BPR training triples for one segment (SCALL §2.8): users from the users of the
 * current training part; a positive from that user's current interactions (preferring
 * ones not seen in earlier segments); a negative the user never interacted with.
 */
export interface TripleSampler {
  /** Draws `batchSize` triples with `rng`. May reuse `out`'s arrays when given. */
  sample(batchSize: number, rng: Rng, out?: TripleBatch): TripleBatch;
}

/** Counts describing one segment, for tables and result files. */
export interface SegmentStats {
  readonly index: number;
  /** Users / items in the training graph at this segment (everyone seen so far). */
  readonly users: number;
  readonly items: number;
  /** Users / items first seen in this segment's training part. */
  readonly newUsers: number;
  readonly newItems: number;
  /** Rows of the segment itself (before replay). */
  readonly rows: number;
  /** Rows replayed from earlier segments and put in front of the segment. */
  readonly replayedRows: number;
  readonly trainRows: number;
  readonly validationRows: number;
  readonly testRows: number;
  /** Users with at least one test interaction whose items are known. */
  readonly testUsers: number;
  /** Known (user, item) pairs of the test part (its rows restricted to known entities). */
  readonly testPairs?: number;
  /** Known users of all raw test rows (the reference's evaluated users; zero-relevance ones included). */
  readonly testUsersAll?: number;
  /** Known items of all raw test rows (the reference's candidate items). */
  readonly candidateItems?: number;
  /** Own rows of the segment in its training part (validation slice included). */
  readonly ownTrainRows?: number;
  /**
   * Interactions in the segment's training graph: every stream row before its validation
   * slice (earlier segments' rows included; the graph is cumulative). The cost of one
   * propagation step grows with it.
   */
  readonly graphRows?: number;
  /** First and last timestamp of the segment's own rows. */
  readonly startTime: number;
  readonly endTime: number;
}

/**
 * One time slice D_t of the stream with everything a searcher, recommender and
 * evaluator need. Entities known at this segment are exactly the user ids
 * `0..numUsers-1` and item ids `0..numItems-1`.
 */
export interface StreamSegment {
  readonly index: number;
  readonly numUsers: number;
  readonly numItems: number;
  /** The segment's training part (replayed rows first, then the first 80% of D_t, less any validation slice). */
  readonly train: Interactions;
  /** Optional validation slice (the tail of the training part) for honest model selection. */
  readonly validation: Interactions | undefined;
  /** The test part, restricted to users and items known in the training graph. */
  readonly test: Interactions;
  /**
   * The test part as cut, before the restriction to known entities (ids may be
   * `>= numUsers` / `>= numItems`). The reference evaluation (spec §3) takes its users and
   * candidates from these rows. Optional: datasets that do not provide it cannot be
   * evaluated with `candidates: 'reference'` or `users: 'all-known'`.
   */
  readonly rawTest?: Interactions;
  /** The validation slice before the restriction to known entities (see {@link rawTest}). */
  readonly rawValidation?: Interactions;
  /** The training graph: every earlier interaction plus this segment's training part. */
  readonly graph: Interactions;
  /** Interactions per user in the training part of this segment (0 when absent); length numUsers. */
  readonly userFrequencies: Float64Array;
  /** Interactions per item in the training part of this segment; length numItems. */
  readonly itemFrequencies: Float64Array;
  /** Distinct users of the training part (the BPR user pool), ascending. */
  readonly trainUsers: Int32Array;
  /** The BPR triple sampler for this segment. */
  readonly sampler: TripleSampler;
  readonly stats: SegmentStats;
}

/**
 * A stream cut into segments D_0..D_T. Segment 0 is the warm-up; results are reported
 * for 1..T.
 */
export interface StreamDatasetV1 {
  readonly specificationVersion: 'v1';
  /** Dataset name, e.g. `"ml-100k"` or `"synthetic"`. */
  readonly name: string;
  readonly numSegments: number;
  /** Total distinct users / items over the whole stream. */
  readonly totalUsers: number;
  readonly totalItems: number;
  /** Segment `index` (0-based). Random access so runs can resume. */
  segment(index: number): StreamSegment;
  /** The protocol settings that built the stream, written into result files. */
  readonly protocol: { readonly [key: string]: string | number | boolean | null };
}
