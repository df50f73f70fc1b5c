export { GraphBprRecommender, createGraphBprRecommender } from './graph-bpr-recommender.js';
export type { TrainingStepProfile } from './graph-bpr-recommender.js';
export { learningRateAt, resolveGraphBprOptions } from './options.js';
export type { GraphBprOptions, ResolvedGraphBprOptions } from './options.js';
export { layerWidths } from './layer-widths.js';
export { batchNodeIds } from './batch-nodes.js';
export { FinalEmbeddingScorer } from './final-embedding-scorer.js';
