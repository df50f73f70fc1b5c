import { GraphBprRecommender, type GraphBprOptions } from '@scall/graph-bpr';

/** Options of {@link createMatrixFactorization}: the protocol's training values are the defaults. */
export type MatrixFactorizationOptions = Omit<GraphBprOptions, 'layers'>;

/**
 * BPR matrix factorisation on ragged, budgeted embeddings: the score of (u, i) is the
 * dot product over the shared prefix of their sizes, `sum_{k < min(s_u, s_i)} u_k i_k`.
 * Trained like LightGCN (BPR as softplus(s_neg - s_pos), L2 1e-4 on the batch rows /
 * batch, Adam 0.03 x 0.95 per 200 steps, floor 0.001, batches of 10,000) with no
 * propagation. Parameters and Adam moments take 4 x sum of sizes bytes each.
 *
 * @example
 * const model = createMatrixFactorization();
 * model.build({ graph, numUsers, numItems, plan, rng: createRng(1) });
 */
export function createMatrixFactorization(options: MatrixFactorizationOptions = {}): GraphBprRecommender {
  if ('layers' in options) throw new RangeError('createMatrixFactorization: option "layers" is not supported (matrix factorisation has none)');
  return new GraphBprRecommender('mf', { ...options, layers: 0 }, 0);
}
