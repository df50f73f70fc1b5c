export { createTruncatedExponential, truncatedExponential, truncatedExponentialQuantiles, TRUNCATED_EXPONENTIAL_SHAPE_RANGE } from './truncated-exponential.js';
export type { TruncatedExponentialSettings } from './truncated-exponential.js';
export { scallPlugins } from './plugins.js';
