/**
 * Which items are ranked for each test user (SCALL §3):
 * - `'reference'`: the known items of *all* raw test rows, including rows of users who are
 *   not known (the reference code's candidates; needs `StreamSegment.rawTest`);
 * - `'test-items'`: the distinct items of the known (user, item) test pairs (v0.1; much
 *   shorter lists, about 1.7x higher Recall on ML-100K, not comparable with the paper);
 * - `'catalogue'`: every known item (the honest default of the field).
 */
export type CandidateSet = 'test-items' | 'reference' | 'catalogue';

/**
 * Which users are evaluated: `'all-known'` = the known users of all raw test rows, a user
 * whose test items are all unknown counting with 0 (the reference code; needs
 * `StreamSegment.rawTest`); `'known-pairs'` = the users of the known (user, item) test
 * pairs only (v0.1).
 */
export type EvaluatedUsers = 'all-known' | 'known-pairs';

/** Which part of a segment is evaluated. */
export type EvaluationSplit = 'test' | 'validation';

/** Mean ranking metrics over the evaluated users, per cut-off K. */
export interface EvaluationResult {
  readonly split: EvaluationSplit;
  readonly candidates: CandidateSet;
  /** Which users were evaluated (absent in v0.1 results: `'known-pairs'`). */
  readonly userRule?: EvaluatedUsers;
  /** Number of candidate items ranked per user (before masking). */
  readonly candidateItems?: number;
  /** Cut-offs evaluated, e.g. `[20]`. */
  readonly ks: readonly number[];
  /** Metric name (`recall`, `ndcg`, `precision`, `hitRate`) -> K -> mean over users. */
  readonly metrics: { readonly [metric: string]: { readonly [k: number]: number } };
  /** Mean over users of (Recall@K + NDCG@K) / 2 at the first K: SCALL's fitness. */
  readonly fitness: number;
  /** Number of users evaluated (users with no relevant candidates count with 0). */
  readonly users: number;
}
