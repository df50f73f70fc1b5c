import type { Budget } from './budget.js';
import type { EvaluationResult } from './evaluation.js';
import type { JsonValue } from './snapshot.js';
import type { SegmentStats } from './stream.js';

/**
 * Embedding size against frequency rank for one entity kind in one segment,
 * down-sampled to at most a few hundred points (rank 0 = most frequent).
 */
export interface SizeByRank {
  readonly rank: readonly number[];
  readonly size: readonly number[];
  readonly frequency: readonly number[];
}

/** Memory use of a segment's deployed model against its budget (in events and results). */
export interface SegmentUsage {
  /** Parameters used by the deployed plan and the budget in parameters. */
  readonly parameters: number;
  readonly budgetParameters: number;
  /** Bytes actually stored by the deployed model's embeddings, and the budget in bytes. */
  readonly bytes: number;
  readonly budgetBytes: number;
  readonly meanUserSize: number;
  readonly meanItemSize: number;
  /** The searcher's action behind the deployed plan (SCALL: rho, alpha_u, alpha_i), when it has one. */
  readonly action?: readonly number[];
}

/** Per-segment outcome of a stream run. */
export interface SegmentResult extends SegmentUsage {
  readonly index: number;
  readonly stats: SegmentStats;
  /** Metrics of the selected checkpoint on the test part. */
  readonly test: EvaluationResult;
  readonly sizeByRank: { readonly users: SizeByRank; readonly items: SizeByRank };
  /** Training blocks run and the block whose checkpoint was kept. */
  readonly blocks: number;
  readonly bestBlock: number;
  /** Wall-clock seconds per phase. */
  readonly timings: { readonly policy: number; readonly training: number; readonly evaluation: number };
}

/** The `results.json` a stream run writes: enough to reproduce and report it. */
export interface RunResults {
  readonly format: 'scall-results/v1';
  readonly createdAt: string;
  /** The fully resolved configuration of the run. */
  readonly config: { readonly [key: string]: JsonValue };
  /** A short hash of the configuration, to group runs of the same cell. */
  readonly configHash: string;
  readonly seed: number;
  readonly dataset: string;
  readonly protocol: { readonly [key: string]: string | number | boolean | null };
  readonly searcher: string;
  readonly recommender: string;
  readonly budget: Budget;
  /** Checkpoint selection mode: `"test"` (as the reference code) or `"validation"` (honest). */
  readonly selection: 'test' | 'validation';
  readonly backend: string;
  /** Package name -> version of the packages that ran. */
  readonly versions: { readonly [pkg: string]: string };
  readonly segments: readonly SegmentResult[];
  /**
   * Averages over segments 1..T (segment 0 is the warm-up; a dataset of a single
   * segment, the static protocol's, reports that segment): plain and weighted by test
   * users, for Recall@K and NDCG@K at the first K.
   */
  readonly summary: {
    readonly k: number;
    readonly recall: number;
    readonly ndcg: number;
    readonly weightedRecall: number;
    readonly weightedNdcg: number;
    readonly segments: number;
  };
  readonly timings: { readonly total: number; readonly policy: number; readonly training: number; readonly evaluation: number };
  readonly peakRssBytes: number;
}
