/**
 * The segment-averaged quality figures of a cell (summarised over seeds), of one seed, or
 * of a paired difference: Recall@K and NDCG@K averaged over segments 1..T three ways.
 */
export interface QualityFigures<T> {
  /** Plain averages over segments 1..T (each segment counts once, as in the paper). */
  readonly recall: T;
  readonly ndcg: T;
  /** Averages weighted by each segment's test users. */
  readonly weightedRecall: T;
  readonly weightedNdcg: T;
  /**
   * Averages over the reported segments with at least `MIN_TEST_USERS` test users only
   * (segments with a handful of users are noise that a plain average weighs like the
   * others); 0 when no segment qualifies.
   */
  readonly reliableRecall: T;
  readonly reliableNdcg: T;
}

/** The name of one of the {@link QualityFigures}. */
export type QualityMeasure = keyof QualityFigures<unknown>;
