import { topK } from './top-k.js';

/** The metrics computed for every cut-off K. */
export const METRIC_NAMES = ['recall', 'ndcg', 'precision', 'hitRate'] as const;

/** One of {@link METRIC_NAMES}. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** Per-user values: metric -> K -> one value per user (row). */
export type PerUserMetrics = { readonly [M in MetricName]: { readonly [k: number]: Float64Array } };

/** Mean values: metric -> K -> mean over users. */
export type MeanMetrics = { readonly [M in MetricName]: { readonly [k: number]: number } };

/** Input of {@link rankingMetrics}: who is relevant and what is masked, per row of the score matrix. */
export interface RankingInput {
  /** Columns of the row-major score matrix (number of candidates). */
  readonly numCandidates: number;
  /** Per user (row): the candidate columns that are relevant. Duplicates count once. */
  readonly relevant: readonly ArrayLike<number>[];
  /**
   * Per user (row): candidate columns excluded from the ranking (e.g. training
   * interactions). An excluded relevant column still counts in the user's relevant total.
   */
  readonly excluded?: readonly (ArrayLike<number> | undefined)[];
  /** Cut-offs; defaults to `[20]`. */
  readonly ks?: readonly number[];
}

/** Output of {@link rankingMetrics}. */
export interface RankingMetrics {
  readonly ks: readonly number[];
  readonly perUser: PerUserMetrics;
  readonly mean: MeanMetrics;
  /** Mean over users of (Recall@K + NDCG@K) / 2 at the first K. */
  readonly fitness: number;
  readonly users: number;
}

/** Checks a list of cut-offs and returns it as given (order kept, first = fitness K). */
export function checkCutoffs(ks: readonly number[], where: string): readonly number[] {
  if (ks.length === 0) throw new RangeError(`${where}: ks must list at least one cut-off`);
  const seen = new Set<number>();
  for (const k of ks) {
    if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`${where}: every K in ks must be a positive integer, got ${k}`);
    if (seen.has(k)) throw new RangeError(`${where}: K = ${k} is listed twice in ks`);
    seen.add(k);
  }
  return ks;
}

/** Fresh per-user arrays for `users` rows. */
export function allocatePerUser(ks: readonly number[], users: number): PerUserMetrics {
  const out = {} as Record<MetricName, Record<number, Float64Array>>;
  for (const m of METRIC_NAMES) {
    out[m] = {};
    for (const k of ks) out[m][k] = new Float64Array(users);
  }
  return out;
}

/** Means over users of per-user arrays (0 when there are no users). */
export function meanOf(perUser: PerUserMetrics, ks: readonly number[], users: number): { mean: MeanMetrics; fitness: number } {
  const mean = {} as Record<MetricName, Record<number, number>>;
  for (const m of METRIC_NAMES) {
    mean[m] = {};
    for (const k of ks) {
      const values = perUser[m][k];
      let sum = 0;
      for (let u = 0; u < users; u++) sum += values[u];
      mean[m][k] = users > 0 ? sum / users : 0;
    }
  }
  const k0 = ks[0];
  const recall = perUser.recall[k0];
  const ndcg = perUser.ndcg[k0];
  let fitness = 0;
  for (let u = 0; u < users; u++) fitness += (recall[u] + ndcg[u]) / 2;
  return { mean, fitness: users > 0 ? fitness / users : 0 };
}

/**
 * Scores one ranked row: writes Recall, NDCG, precision and hit rate at every K for
 * user slot `slot`. `isRelevant[c]` marks relevant candidate columns, `relevantCount`
 * is the user's relevant total. Binary gains, discount 1 / log2(rank + 1) with ranks
 * from 1, IDCG over min(relevantCount, K) items; every metric is 0 when
 * `relevantCount` is 0.
 */
export function scoreRanking(
  ranked: Int32Array,
  isRelevant: Uint8Array,
  relevantCount: number,
  ks: readonly number[],
  perUser: PerUserMetrics,
  slot: number,
): void {
  if (relevantCount === 0) return; // arrays start at 0
  for (const k of ks) {
    let hits = 0;
    let dcg = 0;
    const depth = Math.min(k, ranked.length);
    for (let r = 0; r < depth; r++) {
      if (isRelevant[ranked[r]] !== 0) {
        hits++;
        dcg += 1 / Math.log2(r + 2);
      }
    }
    let idcg = 0;
    const ideal = Math.min(relevantCount, k);
    for (let r = 0; r < ideal; r++) idcg += 1 / Math.log2(r + 2);
    perUser.recall[k][slot] = hits / relevantCount;
    perUser.ndcg[k][slot] = dcg / idcg;
    perUser.precision[k][slot] = hits / k;
    perUser.hitRate[k][slot] = hits > 0 ? 1 : 0;
  }
}

/**
 * Ranking metrics for scores you computed yourself: `scores` is a row-major
 * `users x numCandidates` matrix; each row is ranked by {@link topK} (ties to the lower
 * column, excluded columns left out) and compared with that row's relevant columns.
 * Users with no relevant column score 0 and still count in the means.
 *
 * @example
 * const m = rankingMetrics(Float32Array.from([0.9, 0.1, 0.5]), { numCandidates: 3, relevant: [[2]], ks: [1, 2] });
 * m.mean.recall[2]; // 1 — column 2 is ranked second
 */
export function rankingMetrics(scores: ArrayLike<number>, input: RankingInput): RankingMetrics {
  const ks = checkCutoffs(input.ks ?? [20], 'rankingMetrics');
  const columns = input.numCandidates;
  if (!(Number.isInteger(columns) && columns >= 0)) {
    throw new RangeError(`rankingMetrics: numCandidates must be a non-negative integer, got ${columns}`);
  }
  const users = input.relevant.length;
  if (scores.length !== users * columns) {
    throw new RangeError(
      `rankingMetrics: scores has length ${scores.length}, expected ${users} users x ${columns} candidates = ${users * columns}`,
    );
  }
  if (input.excluded && input.excluded.length !== users) {
    throw new RangeError(`rankingMetrics: excluded lists ${input.excluded.length} users, relevant lists ${users}`);
  }
  const maxK = Math.max(...ks);
  const perUser = allocatePerUser(ks, users);
  const isRelevant = new Uint8Array(columns);
  const exclude = new Uint8Array(columns);
  const heap = new Int32Array(maxK);
  const isArray = ArrayBuffer.isView(scores) && 'subarray' in scores;
  for (let u = 0; u < users; u++) {
    const rel = input.relevant[u];
    const ex = input.excluded?.[u];
    let count = 0;
    for (let j = 0; j < rel.length; j++) {
      const c = rel[j];
      if (!(Number.isInteger(c) && c >= 0 && c < columns)) {
        throw new RangeError(`rankingMetrics: relevant[${u}] holds column ${c}, outside [0, ${columns})`);
      }
      if (isRelevant[c] === 0) count++;
      isRelevant[c] = 1;
    }
    if (ex) {
      for (let j = 0; j < ex.length; j++) {
        const c = ex[j];
        if (!(Number.isInteger(c) && c >= 0 && c < columns)) {
          throw new RangeError(`rankingMetrics: excluded[${u}] holds column ${c}, outside [0, ${columns})`);
        }
        exclude[c] = 1;
      }
    }
    const row = isArray
      ? (scores as unknown as Float32Array).subarray(u * columns, (u + 1) * columns)
      : Array.prototype.slice.call(scores, u * columns, (u + 1) * columns);
    if (count > 0) scoreRanking(topK(row, maxK, { exclude, out: heap }), isRelevant, count, ks, perUser, u);
    for (let j = 0; j < rel.length; j++) isRelevant[rel[j]] = 0;
    if (ex) for (let j = 0; j < ex.length; j++) exclude[ex[j]] = 0;
  }
  const { mean, fitness } = meanOf(perUser, ks, users);
  return { ks, perUser, mean, fitness, users };
}
