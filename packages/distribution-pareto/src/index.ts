export { createPareto, pareto, PARETO_SHAPE_RANGE } from './pareto.js';
export type { ParetoSettings } from './pareto.js';
export { scallPlugins } from './plugins.js';
