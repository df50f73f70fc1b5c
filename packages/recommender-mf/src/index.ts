export { createMatrixFactorization } from './create-matrix-factorization.js';
export type { MatrixFactorizationOptions } from './create-matrix-factorization.js';
export { scallPlugins } from './plugins.js';
