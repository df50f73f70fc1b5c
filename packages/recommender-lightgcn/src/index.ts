export { createLightGcn } from './create-light-gcn.js';
export type { LightGcnOptions } from './create-light-gcn.js';
export { scallPlugins } from './plugins.js';
// The shared graph-BPR base, re-exported for code that imported it from here (it lives in @scall/graph-bpr).
export { GraphBprRecommender, createGraphBprRecommender, learningRateAt, resolveGraphBprOptions, layerWidths } from '@scall/graph-bpr';
export type { GraphBprOptions, ResolvedGraphBprOptions } from '@scall/graph-bpr';
