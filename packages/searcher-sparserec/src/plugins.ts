import { resolveGraphBprOptions } from '@scall/graph-bpr';
import { createSparseLightGcn, createSparseMatrixFactorization } from '@scall/sparse-embedding';
import type { PluginManifest } from '@scall/spec';
import { createMagPruneSearcher, type MagPruneOptions } from './magprune-searcher.js';
import { createSparseRecSearcher, type SparseRecOptions } from './sparserec-searcher.js';

/**
 * The plug-ins of this package: searchers `sparserec` and `magprune`, and the sparse-aware
 * recommenders they pair with (`sparse-lightgcn`, `sparse-mf`, from `@scall/sparse-embedding`).
 */
export const scallPlugins = {
  // Options are checked when the config is assembled, not at the first segment.
  recommender: {
    'sparse-lightgcn': (o) => (resolveGraphBprOptions(o, 3), () => createSparseLightGcn(o)),
    'sparse-mf': (o) => (resolveGraphBprOptions({ ...o, layers: 0 }, 0), () => createSparseMatrixFactorization(o)),
  },
  searcher: {
    sparserec: (o) => createSparseRecSearcher(o as SparseRecOptions),
    magprune: (o) => createMagPruneSearcher(o as MagPruneOptions),
  },
} satisfies PluginManifest;
