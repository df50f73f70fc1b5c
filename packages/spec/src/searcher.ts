import { budgetParameters, type Budget } from './budget.js';
import type { CandidateSet, EvaluatedUsers, EvaluationResult, EvaluationSplit } from './evaluation.js';
import type { EmbeddingState, RecommenderFactoryV1, RecommenderV1 } from './recommender.js';
import type { Rng, RngState } from './rng.js';
import type { SizePlan } from './size-plan.js';
import type { Snapshot } from './snapshot.js';
import type { StreamSegment } from './stream.js';
import type { SearchEvent } from './events.js';

/** The previous segment's outcome, available to a searcher from t = 1 on. */
export interface PreviousSegment {
  readonly segment: StreamSegment;
  /** The model trained (to convergence) and deployed on that segment. */
  readonly deployed: RecommenderV1;
  readonly plan: SizePlan;
  /** Fitness of the deployed model after its first training block (SCALL's f_ref). */
  readonly referenceFitness: number;
}

/** Everything a searcher may use to plan sizes for a segment. */
export interface SearchContext {
  /** The segment to plan for (t). */
  readonly segment: StreamSegment;
  /** Segment t-1 and its deployed model; undefined at t = 0. */
  readonly previous: PreviousSegment | undefined;
  readonly budget: Budget;
  /**
   * The budget in parameters on this segment (`budgetParameters(budget, numUsers,
   * numItems)`), computed once by the runner; the plan must stay within it. Read it with
   * {@link contextBudgetParameters}, which also covers a context built without it.
   */
  readonly budgetParameters?: number;
  readonly minSize: number;
  readonly maxSize: number;
  /** Randomness for this planning call. */
  readonly rng: Rng;
  /** Fresh recommenders, e.g. to score candidate actions. */
  readonly createRecommender: RecommenderFactoryV1;
  /** Evaluates a model on a segment (the run's evaluation protocol). */
  readonly evaluate: (recommender: RecommenderV1, segment: StreamSegment) => Promise<EvaluationResult>;
  /** Receives progress events (policy steps). */
  readonly emit: (event: SearchEvent) => void;
  /**
   * What an allocator does with a side's share above MAX·n (pass it on as
   * `AllocationRequest.overflow`): `'redistribute'` (default) or `'drop'` (the reference).
   */
  readonly budgetOverflow?: 'redistribute' | 'drop';
  /**
   * Scores many candidate plans at once, possibly in parallel (worker threads); results
   * come back in job order and do not depend on how many threads ran them. Optional: a
   * searcher given none scores in its own thread (e.g. `scoreJob` of
   * `@scall/parallel-scoring`), with the same results.
   */
  readonly scorePlans?: (jobs: readonly ScoreJob[]) => Promise<ScoreResult[]>;
}

/**
 * How a {@link ScoreJob}'s model is measured: `@scall/evaluation`'s `evaluate` with these
 * settings. `split` left out: the segment's validation slice when it has rows, else its
 * test part; `candidates`, `users` and `ks` left out: `evaluate`'s defaults. The fitness
 * is the mean of Recall and NDCG at the first K.
 */
export interface ScoreEvaluation {
  readonly split?: EvaluationSplit;
  readonly candidates?: CandidateSet;
  readonly users?: EvaluatedUsers;
  readonly ks?: readonly number[];
}

/**
 * One model to score, described by data alone so that it can run in another thread:
 * build a fresh recommender with `plan` on `segment` (initialised from `init`, starting
 * from `warmStart` when given), train it `steps` steps on triples drawn with `train`, and
 * measure its fitness.
 */
export interface ScoreJob {
  /**
   * A segment of the run's dataset (`context.segment` or `context.previous.segment`); a
   * scorer in another thread rebuilds it from the dataset by its index.
   */
  readonly segment: StreamSegment;
  readonly plan: SizePlan;
  /** Optimiser steps. */
  readonly steps: number;
  /** Triples per step; left out: the recommender's own batch size. */
  readonly batchSize?: number;
  /** The initialisation stream: a numeric seed (`createRng(seed)`) or a generator state (`rng.getState()`, e.g. of a fork). */
  readonly init: number | RngState;
  /** The triple-sampling stream, as `init`. */
  readonly train: number | RngState;
  /** Embeddings the model starts from (passed to `recommender.build` as `warmStart`), e.g. a shared initial table. */
  readonly warmStart?: EmbeddingState;
  /** `'run'`: the run's own evaluation (`context.evaluate`); else these settings. */
  readonly evaluation: 'run' | ScoreEvaluation;
  /** Also return the trained model's embeddings (default `false`: fitness only). */
  readonly embeddings?: boolean;
}

/** What scoring a {@link ScoreJob} gives. */
export interface ScoreResult {
  readonly fitness: number;
  /** The trained model's embeddings, when the job asked for them. */
  readonly embeddings?: EmbeddingState;
}

/**
 * An embedding-size search policy driven segment by segment (SCALL, baselines,
 * later CIESS / BET / SparseRec). `plan` is called once per segment, in order; a
 * learning searcher updates its policy on `context.previous` before planning.
 */
export interface SearcherV1 {
  readonly specificationVersion: 'v1';
  /** Registry name, e.g. `"scall"`, `"uniform"`. */
  readonly name: string;
  /** Sizes for every user and item known at `context.segment`, within the budget. */
  plan(context: SearchContext): Promise<SizePlan>;
  /** Policy state for checkpoints (agent, replay buffer, counters). */
  snapshot(): Snapshot;
  restore(snapshot: Snapshot): void;
  dispose(): void;
}

/**
 * The parameters a searcher may plan on `context.segment`: the runner's
 * `context.budgetParameters`, or, for a context built without it (a test, another
 * runner), the budget converted for the segment's population. Searchers call this
 * instead of converting the budget themselves.
 *
 * @example
 * const P = contextBudgetParameters(context); // e.g. 32 * (numUsers + numItems) for c=32
 */
export function contextBudgetParameters(context: Pick<SearchContext, 'budget' | 'budgetParameters' | 'segment'>): number {
  return context.budgetParameters ?? budgetParameters(context.budget, context.segment.numUsers, context.segment.numItems);
}
