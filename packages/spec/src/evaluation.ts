/** Which items are ranked for each test user (SCALL §3). */
export type CandidateSet = 'test-items' | 'catalogue';

/** Which part of a segment is evaluated. */
export type EvaluationSplit = 'test' | 'validation';

/** Mean ranking metrics over the evaluated users, per cut-off K. */
export interface EvaluationResult {
  readonly split: EvaluationSplit;
  readonly candidates: CandidateSet;
  /** Cut-offs evaluated, e.g. `[20]`. */
  readonly ks: readonly number[];
  /** Metric name (`recall`, `ndcg`, `precision`, `hitRate`) -> K -> mean over users. */
  readonly metrics: { readonly [metric: string]: { readonly [k: number]: number } };
  /** Mean over users of (Recall@K + NDCG@K) / 2 at the first K: SCALL's fitness. */
  readonly fitness: number;
  /** Number of users evaluated (users with no relevant candidates count with 0). */
  readonly users: number;
}
