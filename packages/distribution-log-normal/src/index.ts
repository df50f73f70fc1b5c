export { createLogNormal, logNormal, logNormalQuantiles, LOG_NORMAL_SHAPE_RANGE } from './log-normal.js';
export type { LogNormalSettings } from './log-normal.js';
export { scallPlugins } from './plugins.js';
