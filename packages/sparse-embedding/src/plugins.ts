import { resolveGraphBprOptions } from '@scall/graph-bpr';
import type { PluginManifest } from '@scall/spec';
import { createSparseLightGcn, createSparseMatrixFactorization } from './create-sparse-recommenders.js';

/**
 * The plug-ins of this package: recommenders `sparse-lightgcn` and `sparse-mf` (options
 * are checked when the config is assembled).
 */
export const scallPlugins = {
  recommender: {
    'sparse-lightgcn': (o) => (resolveGraphBprOptions(o, 3), () => createSparseLightGcn(o)),
    'sparse-mf': (o) => (resolveGraphBprOptions({ ...o, layers: 0 }, 0), () => createSparseMatrixFactorization(o)),
  },
} satisfies PluginManifest;
