import { GraphBprRecommender, type GraphBprOptions } from '@scall/graph-bpr';

/** Options of {@link createLightGcn}: the protocol's values (SCALL §4) are the defaults. */
export type LightGcnOptions = GraphBprOptions;

/**
 * LightGCN (He et al., 2020) on ragged, budgeted embeddings: symmetric-normalised
 * adjacency built sparsely, 3 layers, mean of layers, BPR as softplus(s_neg - s_pos),
 * L2 1e-4 on the batch's layer-0 rows / batch, Adam 0.03 x 0.95 per 200 steps (floor
 * 0.001), batches of 10,000 triples, N(0, 0.01) init.
 *
 * @example
 * const model = createLightGcn({ layers: 3 });
 * model.build({ graph, numUsers, numItems, plan, rng: createRng(1) });
 * await model.train(200, sampler, createRng(2));
 */
export function createLightGcn(options: LightGcnOptions = {}): GraphBprRecommender {
  return new GraphBprRecommender('lightgcn', options, 3);
}
