export { createTruncatedNormal, truncatedNormal, truncatedNormalQuantiles, TRUNCATED_NORMAL_SHAPE_RANGE } from './truncated-normal.js';
export type { TruncatedNormalSettings } from './truncated-normal.js';
export { scallPlugins } from './plugins.js';
