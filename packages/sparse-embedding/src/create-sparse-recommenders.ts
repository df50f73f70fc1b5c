import type { GraphBprOptions } from '@scall/graph-bpr';
import { SparseGraphBprRecommender } from './sparse-graph-bpr.js';

/** Options of {@link createSparseLightGcn}: those of `@scall/recommender-lightgcn` (protocol defaults). */
export type SparseLightGcnOptions = GraphBprOptions;

/**
 * LightGCN over an element-wise sparse table (registry name `sparse-lightgcn`): the
 * protocol's training (3 layers, BPR, L2 1e-4, Adam 0.03 × 0.95 per 200 steps, batches of
 * 10,000) on active values only.
 *
 * @example
 * const model = createSparseLightGcn();
 * model.build({ graph, numUsers, numItems, plan, rng: createRng(1) }); // plan: a SparseSizePlan or a SizePlan
 */
export function createSparseLightGcn(options: SparseLightGcnOptions = {}): SparseGraphBprRecommender {
  return new SparseGraphBprRecommender('sparse-lightgcn', options, 3);
}

/** Options of {@link createSparseMatrixFactorization}. */
export type SparseMatrixFactorizationOptions = Omit<GraphBprOptions, 'layers'>;

/**
 * BPR matrix factorisation over an element-wise sparse table (registry name
 * `sparse-mf`): the score is the dot product over the dimensions both entities have active.
 *
 * @example
 * const model = createSparseMatrixFactorization();
 */
export function createSparseMatrixFactorization(options: SparseMatrixFactorizationOptions = {}): SparseGraphBprRecommender {
  if ('layers' in options) throw new RangeError('createSparseMatrixFactorization: option "layers" is not supported (matrix factorisation has none)');
  return new SparseGraphBprRecommender('sparse-mf', { ...options, layers: 0 }, 0);
}
