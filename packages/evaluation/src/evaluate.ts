import type { CandidateSet, EvaluatedUsers, EvaluationResult, EvaluationSplit, RecommenderV1, StreamSegment } from '@scall/spec';
import { evaluationPlan } from './evaluation-plan.js';
import { allocatePerUser, checkCutoffs, meanOf, scoreRanking } from './ranking-metrics.js';
import type { PerUserMetrics } from './ranking-metrics.js';
import { topK } from './top-k.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Which part of the segment is ranked; default `'test'`. */
  readonly split?: EvaluationSplit;
  /**
   * `'reference'` (the known items of all raw test rows, as the reference code), `'catalogue'`
   * (every known item) or `'test-items'` (the items of the known test pairs; v0.1 and the
   * default, kept for compatibility — not comparable with the paper).
   */
  readonly candidates?: CandidateSet;
  /** `'known-pairs'` (default, v0.1) or `'all-known'` (the reference: known users of all raw rows, zeros counted). */
  readonly users?: EvaluatedUsers;
  /** Cut-offs; the first one defines the fitness. Default `[20]`. */
  readonly ks?: readonly number[];
  /**
   * Users scored per `recommender.score` call. Default: as many as fit in about 4 M
   * scores (16 MB of float32), at most 1,024.
   */
  readonly userBatchSize?: number;
  /** Also return per-user values (`perUser`); default `false`. */
  readonly perUser?: boolean;
}

/** Per-user values of an evaluation, aligned with `users`. */
export interface UserEvaluation {
  /** Evaluated user ids, ascending. */
  readonly users: Int32Array;
  /** Number of relevant (known) items per user; 0 means the user scores 0. */
  readonly relevant: Int32Array;
  /** metric -> K -> value per user. */
  readonly metrics: PerUserMetrics;
}

/** An {@link EvaluationResult}, with per-user values when `perUser: true` was asked for. */
export interface DetailedEvaluationResult extends EvaluationResult {
  readonly perUser?: UserEvaluation;
}

/** Default user batch: about 4 M scores per call, between 1 and 1,024 users. */
function defaultBatch(candidates: number): number {
  return Math.max(1, Math.min(1024, Math.floor(4_194_304 / Math.max(1, candidates))));
}

/**
 * Ranks the candidates of every user of a segment's test (or validation) part with
 * `recommender.score` and reports Recall, NDCG, precision and hit rate at each K
 * (SCALL §3). Items the user interacted with in the training graph are excluded; a user
 * whose relevant items are all unknown scores 0 and still counts; ties rank by
 * ascending item id. Users are scored in batches so memory stays bounded.
 *
 * @example
 * const result = await evaluate(recommender, segment, { ks: [20, 50] });
 * console.log(result.metrics.recall[20], result.fitness);
 */
export async function evaluate(
  recommender: RecommenderV1,
  segment: StreamSegment,
  options: EvaluateOptions = {},
): Promise<DetailedEvaluationResult> {
  const split = options.split ?? 'test';
  const candidateSet = options.candidates ?? 'test-items';
  const ks = checkCutoffs(options.ks ?? [20], 'evaluate');
  const userRule = options.users ?? 'known-pairs';
  const plan = evaluationPlan(segment, split, candidateSet, userRule);
  const columns = plan.candidates.length;
  const batchSize = options.userBatchSize ?? defaultBatch(columns);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new RangeError(`evaluate: userBatchSize must be a positive integer, got ${batchSize}`);
  }
  const n = plan.users.length;
  const perUser = allocatePerUser(ks, n);
  const relevantCounts = new Int32Array(n);
  for (let s = 0; s < n; s++) relevantCounts[s] = plan.relevantStart[s + 1] - plan.relevantStart[s];

  // Only users with something to find are scored.
  const slots: number[] = [];
  for (let s = 0; s < n; s++) if (plan.scorable[s] === 1 && relevantCounts[s] > 0) slots.push(s);

  const maxK = Math.max(...ks);
  const isRelevant = new Uint8Array(columns);
  const exclude = new Uint8Array(columns);
  const heap = new Int32Array(maxK);
  const batchUsers = new Int32Array(Math.min(batchSize, slots.length));
  for (let start = 0; start < slots.length; start += batchSize) {
    const count = Math.min(batchSize, slots.length - start);
    const ids = count === batchUsers.length ? batchUsers : batchUsers.subarray(0, count);
    for (let b = 0; b < count; b++) ids[b] = plan.users[slots[start + b]];
    const scores = recommender.score(ids, plan.candidates);
    if (scores.length !== count * columns) {
      throw new RangeError(
        `evaluate: ${recommender.name}.score returned ${scores.length} scores for ${count} users x ${columns} items (expected ${count * columns})`,
      );
    }
    for (let b = 0; b < count; b++) {
      const s = slots[start + b];
      for (let j = plan.relevantStart[s]; j < plan.relevantStart[s + 1]; j++) isRelevant[plan.relevant[j]] = 1;
      for (let j = plan.maskedStart[s]; j < plan.maskedStart[s + 1]; j++) exclude[plan.masked[j]] = 1;
      const ranked = topK(scores.subarray(b * columns, (b + 1) * columns), maxK, { exclude, out: heap });
      scoreRanking(ranked, isRelevant, relevantCounts[s], ks, perUser, s);
      for (let j = plan.relevantStart[s]; j < plan.relevantStart[s + 1]; j++) isRelevant[plan.relevant[j]] = 0;
      for (let j = plan.maskedStart[s]; j < plan.maskedStart[s + 1]; j++) exclude[plan.masked[j]] = 0;
    }
    // Let other work (progress output, timers) run between batches.
    if (start + batchSize < slots.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const { mean, fitness } = meanOf(perUser, ks, n);
  const result: DetailedEvaluationResult = {
    split,
    candidates: candidateSet,
    userRule,
    candidateItems: columns,
    ks: [...ks],
    metrics: mean,
    fitness,
    users: n,
  };
  if (options.perUser) {
    return { ...result, perUser: { users: Int32Array.from(plan.users), relevant: relevantCounts, metrics: perUser } };
  }
  return result;
}
