export { createLightGcn } from './create-light-gcn.js';
export type { LightGcnOptions } from './create-light-gcn.js';
export { GraphBprRecommender, createGraphBprRecommender } from './graph-bpr-recommender.js';
export { learningRateAt, resolveGraphBprOptions } from './options.js';
export type { GraphBprOptions, ResolvedGraphBprOptions } from './options.js';
export { layerWidths } from './layer-widths.js';
