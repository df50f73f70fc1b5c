import { evaluationFitness, trainAndScore } from '@scall/parallel-scoring';
import { createRng, seedFrom } from '@scall/rng';
import type { CandidateSet, EmbeddingState, EvaluationSplit, RecommenderFactoryV1, RecommenderV1, Rng, ScoreEvaluation, ScoreJob, SearchContext, SizePlan, StreamSegment } from '@scall/spec';

export { fixedBatchSampler } from '@scall/parallel-scoring';

/** The two random streams one reward evaluation uses: initialisation and triple sampling. */
export interface RewardSeed {
  readonly init: () => Rng;
  readonly train: () => Rng;
}

/**
 * Reward seeds. `reusable: false` forks `rng` once per stream (the reference: fresh,
 * single-use streams); `reusable: true` draws numeric seeds so that the same streams can
 * be replayed for a twin or for every action of a policy update (common random numbers).
 */
export function drawRewardSeeds(rng: Rng, count: number, reusable: boolean): RewardSeed[] {
  const seeds: RewardSeed[] = [];
  for (let j = 0; j < count; j++) {
    if (reusable) {
      const init = seedFrom(rng);
      const train = seedFrom(rng);
      seeds.push({ init: () => createRng(init), train: () => createRng(train) });
    } else {
      const init = rng.fork();
      const train = rng.fork();
      seeds.push({ init: () => init, train: () => train });
    }
  }
  return seeds;
}

/** How the reward's fitness is measured. */
export interface RewardEvaluation {
  /** `undefined` for both: the run's own evaluation (`context.evaluate`). */
  readonly split: EvaluationSplit | undefined;
  readonly candidates: CandidateSet | undefined;
  readonly k: number;
}

/**
 * The fitness function of the reward: the run's `context.evaluate` when neither split nor
 * candidates is set (the reference), else `@scall/evaluation`'s `evaluate` with those
 * settings (split default: the validation slice when the segment has one, else test;
 * candidates default: the full catalogue).
 */
export function rewardFitness(context: Pick<SearchContext, 'evaluate'>, how: RewardEvaluation): (recommender: RecommenderV1, segment: StreamSegment) => Promise<number> {
  const settings = rewardScoreEvaluation(how);
  if (settings === 'run') return async (r, s) => (await context.evaluate(r, s)).fitness;
  return (r, s) => evaluationFitness(r, s, settings);
}

/** {@link RewardEvaluation} as a score job's `evaluation`: `'run'`, or the explicit settings of {@link rewardFitness}. */
export function rewardScoreEvaluation(how: RewardEvaluation): ScoreJob['evaluation'] {
  if (how.split === undefined && how.candidates === undefined) return 'run';
  const settings: ScoreEvaluation = { candidates: how.candidates ?? 'catalogue', ks: [how.k] };
  return how.split === undefined ? settings : { ...settings, split: how.split };
}

/** Everything {@link scorePlan} needs besides the plan and its seed. */
export interface ScoreInput {
  readonly segment: StreamSegment;
  readonly createRecommender: RecommenderFactoryV1;
  readonly steps: number;
  readonly batchSize: number | undefined;
  readonly fitness: (recommender: RecommenderV1, segment: StreamSegment) => Promise<number>;
  /**
   * Shared initial embeddings per seed (see {@link sharedInitialEmbeddings}): every model
   * scored with that seed starts from the prefix of the same table. Undefined: each model
   * draws its own initialisation from `seed.init()` (the reference).
   */
  readonly initial?: (seed: RewardSeed) => EmbeddingState;
}

/**
 * Common random numbers for initialisation: a `maxSize`-wide table for every user and
 * item of `segment`, drawn by the recommender's own initialiser from `seed.init()`. Passed
 * as a warm start, it gives every candidate (and the twin) the first `size(e)` values of
 * the same random row, so two plans differ only where their sizes differ.
 */
export function sharedInitialEmbeddings(seed: RewardSeed, segment: StreamSegment, createRecommender: RecommenderFactoryV1, minSize: number, maxSize: number): EmbeddingState {
  const userSizes = new Int32Array(segment.numUsers).fill(maxSize);
  const itemSizes = new Int32Array(segment.numItems).fill(maxSize);
  const plan: SizePlan = { userSizes, itemSizes, minSize, maxSize, budgetParameters: maxSize * (segment.numUsers + segment.numItems) };
  const recommender = createRecommender();
  try {
    recommender.build({ graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan, rng: seed.init() });
    return recommender.embeddings();
  } finally {
    recommender.dispose();
  }
}

/**
 * Builds a fresh recommender with `plan` on `segment`, trains it `steps` steps from
 * `seed`'s streams and returns its fitness and embeddings (the state's mean embedding).
 */
export async function scorePlan(plan: SizePlan, seed: RewardSeed, input: ScoreInput): Promise<{ fitness: number; embeddings: EmbeddingState }> {
  const warmStart = input.initial?.(seed);
  return trainAndScore({
    segment: input.segment,
    createRecommender: input.createRecommender,
    plan,
    steps: input.steps,
    batchSize: input.batchSize,
    init: seed.init(),
    train: seed.train(),
    ...(warmStart ? { warmStart } : {}),
    fitness: input.fitness,
  });
}

/**
 * {@link scorePlan} as data (a `ScoreJob` for `SearchContext.scorePlans`): the seed's
 * streams travel as generator states (a forked stream of the reference included), so
 * a job scored anywhere trains exactly the model `scorePlan` would.
 */
export function scoreJobOf(plan: SizePlan, seed: RewardSeed, input: Pick<ScoreInput, 'segment' | 'steps' | 'batchSize' | 'initial'>, evaluation: ScoreJob['evaluation'], embeddings = false): ScoreJob {
  const warmStart = input.initial?.(seed);
  return {
    segment: input.segment,
    plan,
    steps: input.steps,
    ...(input.batchSize === undefined ? {} : { batchSize: input.batchSize }),
    init: seed.init().getState(),
    train: seed.train().getState(),
    ...(warmStart ? { warmStart } : {}),
    evaluation,
    ...(embeddings ? { embeddings } : {}),
  };
}
