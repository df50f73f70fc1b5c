import { evaluate } from '@scall/evaluation';
import { createRng, restoreRng } from '@scall/rng';
import type {
  EmbeddingState,
  EvaluationResult,
  RecommenderFactoryV1,
  RecommenderV1,
  Rng,
  RngState,
  ScoreEvaluation,
  ScoreJob,
  ScoreResult,
  SizePlan,
  StreamSegment,
  TripleSampler,
} from '@scall/spec';

/** A sampler that always draws `batchSize` triples, whatever the recommender asks for. */
export function fixedBatchSampler(sampler: TripleSampler, batchSize: number): TripleSampler {
  return { sample: (_n, rng, out) => sampler.sample(batchSize, rng, out) };
}

/** What {@link trainAndScore} trains and how it measures the result. */
export interface TrainAndScoreInput {
  readonly segment: StreamSegment;
  readonly createRecommender: RecommenderFactoryV1;
  readonly plan: SizePlan;
  readonly steps: number;
  /** Triples per step; `undefined`: the recommender's own batch size. */
  readonly batchSize: number | undefined;
  /** Initialisation randomness (passed to `build`). */
  readonly init: Rng;
  /** Triple-sampling randomness (passed to `train`). */
  readonly train: Rng;
  readonly warmStart?: EmbeddingState;
  readonly fitness: (recommender: RecommenderV1, segment: StreamSegment) => Promise<number>;
}

/**
 * Builds a fresh recommender with `plan` on `segment`, trains it `steps` steps and returns
 * its fitness and embeddings; the model is disposed whatever happens. The one place a
 * candidate model is trained, in-thread and in a scoring worker alike.
 */
export async function trainAndScore(input: TrainAndScoreInput): Promise<{ fitness: number; embeddings: EmbeddingState }> {
  const { segment } = input;
  const recommender = input.createRecommender();
  try {
    const build = { graph: segment.graph, numUsers: segment.numUsers, numItems: segment.numItems, plan: input.plan, rng: input.init };
    recommender.build(input.warmStart ? { ...build, warmStart: input.warmStart } : build);
    const sampler = input.batchSize === undefined ? segment.sampler : fixedBatchSampler(segment.sampler, input.batchSize);
    await recommender.train(input.steps, sampler, input.train);
    const fitness = await input.fitness(recommender, segment);
    return { fitness, embeddings: recommender.embeddings() };
  } finally {
    recommender.dispose();
  }
}

/** The generator a job's `init` / `train` field describes. */
export function jobRng(seed: number | RngState): Rng {
  return typeof seed === 'number' ? createRng(seed) : restoreRng(seed);
}

/**
 * Fitness under explicit evaluation settings (see `ScoreEvaluation`): `split` left out
 * takes the segment's validation slice when it has rows, else its test part.
 */
export async function evaluationFitness(recommender: RecommenderV1, segment: StreamSegment, how: ScoreEvaluation): Promise<number> {
  const split = how.split ?? (segment.validation && segment.validation.length > 0 ? 'validation' : 'test');
  return (await evaluate(recommender, segment, { ...how, split })).fitness;
}

/** What scoring a job needs besides the job: recommenders, and the run's evaluation for `evaluation: 'run'`. */
export interface ScoringEnvironment {
  readonly createRecommender: RecommenderFactoryV1;
  /** The run's evaluation (`SearchContext.evaluate`); without it a job with `evaluation: 'run'` is refused. */
  readonly evaluate?: (recommender: RecommenderV1, segment: StreamSegment) => Promise<EvaluationResult>;
}

/**
 * Scores one {@link ScoreJob} in the calling thread: the reference for every other
 * scorer (a worker pool runs exactly this on its side).
 *
 * @example
 * const { fitness } = await scoreJob(
 *   { segment, plan, steps: 100, batchSize: 2048, init: 1, train: 2, evaluation: { candidates: 'catalogue', ks: [20] } },
 *   { createRecommender: () => createMf() },
 * );
 */
export async function scoreJob(job: ScoreJob, environment: ScoringEnvironment): Promise<ScoreResult> {
  const { evaluation } = job;
  let fitness: (recommender: RecommenderV1, segment: StreamSegment) => Promise<number>;
  if (evaluation === 'run') {
    const runEvaluate = environment.evaluate;
    if (!runEvaluate) throw new Error("A score job with evaluation: 'run' needs the run's evaluation (environment.evaluate); give explicit settings instead");
    fitness = async (r, s) => (await runEvaluate(r, s)).fitness;
  } else {
    fitness = (r, s) => evaluationFitness(r, s, evaluation);
  }
  const scored = await trainAndScore({
    segment: job.segment,
    createRecommender: environment.createRecommender,
    plan: job.plan,
    steps: job.steps,
    batchSize: job.batchSize,
    init: jobRng(job.init),
    train: jobRng(job.train),
    ...(job.warmStart ? { warmStart: job.warmStart } : {}),
    fitness,
  });
  return job.embeddings ? scored : { fitness: scored.fitness };
}

/**
 * A `SearchContext.scorePlans` that scores the jobs one after another in this thread.
 * What a searcher falls back to when its context has no `scorePlans`.
 */
export function inThreadScorer(environment: ScoringEnvironment): (jobs: readonly ScoreJob[]) => Promise<ScoreResult[]> {
  return async (jobs) => {
    const results: ScoreResult[] = [];
    for (const job of jobs) results.push(await scoreJob(job, environment));
    return results;
  };
}
