import type {
  Budget,
  CandidateSet,
  JsonValue,
  RecommenderFactoryV1,
  RunEvent,
  SearcherV1,
  StreamDatasetV1,
} from '@scall/spec';

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
  /** Cut-offs; the first is the reported one (`[20]`). */
  readonly ks?: readonly number[];
  readonly training?: TrainingOptions;
  /** Run only segments `0..lastSegment` (default: all). */
  readonly lastSegment?: number;
  /**
   * Output directory: `results.json`, `events.jsonl` and `checkpoint/` (written after
   * every segment). Without it nothing is written and `resume` is unavailable.
   */
  readonly outDir?: string;
  /** Continue from `outDir/checkpoint` if one exists. */
  readonly resume?: boolean;
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
