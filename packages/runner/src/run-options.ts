import type {
  Budget,
  CandidateSet,
  EvaluatedUsers,
  JsonValue,
  RecommenderFactoryV1,
  RunEvent,
  ScoreJob,
  ScoreResult,
  SearcherV1,
  StreamDatasetV1,
} from '@scall/spec';
import type { CheckpointFs } from './checkpoint-fs.js';
import type { WritePoint } from './checkpoint-store.js';

/** Training-to-convergence settings (SCALL §4). */
export interface TrainingOptions {
  /** Steps per block between evaluations (200). */
  readonly blockSteps?: number;
  /** Blocks without improvement before stopping (3). */
  readonly patience?: number;
  /** Hard cap on blocks per segment. */
  readonly maxBlocks?: number;
  /** The reference's loss-plateau rule (0.05); `null` stops on patience alone. */
  readonly lossPlateau?: number | null;
  /** `'strict'` (default): a tie keeps the earlier checkpoint; `'non-strict'`: the later block wins (the reference's `>=`). */
  readonly improvement?: 'strict' | 'non-strict';
}

/** Everything {@link runStream} needs. */
export interface RunStreamOptions {
  readonly dataset: StreamDatasetV1;
  readonly searcher: SearcherV1;
  /** Fresh recommenders (one per segment, and any the searcher asks for). */
  readonly createRecommender: RecommenderFactoryV1;
  readonly budget: Budget;
  /** Smallest size, MIN (1). */
  readonly minSize?: number;
  /** Largest size, MAX (256). */
  readonly maxSize?: number;
  readonly seed: number;
  /** Checkpoint selection: `"test"` (as the reference code) or `"validation"` (honest). */
  readonly selection?: 'test' | 'validation';
  /** Candidate items at evaluation (`"test-items"` as the reference, or `"catalogue"`). */
  readonly candidates?: CandidateSet;
  /** Evaluated users (`"known-pairs"`, default, or `"all-known"` as the reference). */
  readonly users?: EvaluatedUsers;
  /** How the grown dimensions of warm-started entities start (passed to `recommender.build`; default: the recommender's own option). */
  readonly grownInit?: 'normal' | 'zero';
  /** What happens to a side's budget share above MAX·n (passed to the searcher): `'redistribute'` (default) or `'drop'` (the reference). */
  readonly budgetOverflow?: 'redistribute' | 'drop';
  /**
   * Scores a searcher's candidate plans, e.g. on worker threads (`@scall/parallel-scoring`'s
   * pool); handed to the searcher as `SearchContext.scorePlans`, each job's
   * `evaluation: 'run'` replaced by the run's selection-split evaluation. Not part of the
   * resume identity: it changes how fast a run goes, not its results.
   */
  readonly scorePlans?: (jobs: readonly ScoreJob[]) => Promise<ScoreResult[]>;
  /** Cut-offs; the first is the reported one (`[20]`). */
  readonly ks?: readonly number[];
  readonly training?: TrainingOptions;
  /**
   * Run only segments `0..lastSegment` (default: all). Not part of the resume identity:
   * a finished or killed run continues to a later `lastSegment` with `resume`.
   */
  readonly lastSegment?: number;
  /**
   * Output directory: `results.json`, `events.jsonl`, the lock `run.lock` and
   * `checkpoint/segment-NNNN/` (one generation per completed segment). Without it
   * nothing is written and `resume` is unavailable.
   */
  readonly outDir?: string;
  /**
   * Continue from the newest checkpoint generation in `outDir/checkpoint` if there is
   * one (see `onResume`). A damaged checkpoint, or one of a run whose results would
   * differ, is refused with a `CheckpointError`.
   */
  readonly resume?: boolean;
  /** Told, when `resume` is set, which generation the run continues from (`undefined`: none, it starts fresh). */
  readonly onResume?: (from: ResumePoint | undefined) => void;
  /** Checkpoint settings and test hooks. */
  readonly checkpoint?: CheckpointOptions;
  /** Stop (as if killed) after finishing this segment; used to test resumption. */
  readonly stopAfterSegment?: number;
  /** Receives every event as it happens. */
  readonly onEvent?: (event: RunEvent) => void;
  /** The resolved configuration to record in `results.json`. */
  readonly config?: { readonly [key: string]: JsonValue };
  /** Active tfjs backend, recorded in `results.json`. */
  readonly backend?: string;
  /** Package versions, recorded in `results.json`. */
  readonly versions?: { readonly [pkg: string]: string };
}

/** Which checkpoint generation a resumed run continues from. */
export interface ResumePoint {
  /** Generation directory name, e.g. `"segment-0002"`. */
  readonly generation: string;
  /** Its path. */
  readonly path: string;
  /** The last completed segment; the run continues with the next. */
  readonly segment: number;
}

/** Checkpoint settings of {@link RunStreamOptions}. */
export interface CheckpointOptions {
  /** Complete generations kept (default 2: the current and the previous one). */
  readonly keep?: number;
  /** File operations used for writing (default `nodeCheckpointFs`); tests simulate ENOSPC or EACCES with their own. */
  readonly fs?: CheckpointFs;
  /**
   * Test hook, awaited before and after every step of the write sequence (events,
   * generation directory, each snapshot, manifest, commit, prune, results); a fault
   * injection test kills the process at each point in turn.
   */
  readonly onWritePoint?: (point: WritePoint) => void | Promise<void>;
}
