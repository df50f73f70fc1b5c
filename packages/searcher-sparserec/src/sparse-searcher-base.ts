import { contextBudgetParameters, isSparseAwareRecommender, isSparseEmbeddingState, type SearchContext, type SparseEmbeddingState } from '@scall/spec';

/** Dense recommender names and the sparse twins sparse searchers pair with. */
export const SPARSE_RECOMMENDERS: Readonly<Record<string, string>> = Object.freeze({ lightgcn: 'sparse-lightgcn', mf: 'sparse-mf' });

/** Fails clearly unless the run's recommender honours sparse layouts. */
export function assertSparseAwareRun(searcher: string, context: SearchContext): void {
  const probe = context.createRecommender();
  try {
    if (!isSparseAwareRecommender(probe)) {
      throw new Error(
        `Searcher "${searcher}" plans element-wise sparse layouts, but the run's recommender "${probe.name}" does not honour them; use recommender "sparse-lightgcn" or "sparse-mf" (the CLI picks them for --recommender lightgcn / mf)`,
      );
    }
  } finally {
    probe.dispose();
  }
}

/** The parameters the budget allows now, capped at a full MAX-wide table. */
export function allowedParameters(context: SearchContext): number {
  const { numUsers, numItems } = context.segment;
  return Math.min(contextBudgetParameters(context), context.maxSize * (numUsers + numItems));
}

/** The previous segment's deployed sparse embeddings, when there are any. */
export function previousSparseState(context: SearchContext): SparseEmbeddingState | undefined {
  const state = context.previous?.deployed.embeddings();
  return state && isSparseEmbeddingState(state) && state.sparseLayout.maxSize === context.maxSize ? state : undefined;
}
