import type { PluginManifest } from '@scall/spec';
import { createMatrixFactorization, type MatrixFactorizationOptions } from './create-matrix-factorization.js';

/**
 * What the `scall` app registers when it loads this package:
 * `"recommender": { "name": "mf", "options": { ... } }` (no `layers`). One model is
 * built right away so a bad option fails when the run is assembled.
 */
export const scallPlugins = {
  recommender: {
    mf: (options) => (createMatrixFactorization(options as MatrixFactorizationOptions).dispose(), () => createMatrixFactorization(options as MatrixFactorizationOptions)),
  },
} satisfies PluginManifest;
