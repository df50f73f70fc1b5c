import { scallPlugins as sparseEmbeddingPlugins } from '@scall/sparse-embedding';
import type { PluginManifest } from '@scall/spec';
import { createMagPruneSearcher, type MagPruneOptions } from './magprune-searcher.js';
import { createSparseRecSearcher, type SparseRecOptions } from './sparserec-searcher.js';

/**
 * The plug-ins of this package: searchers `sparserec` and `magprune`, and the sparse-aware
 * recommenders they pair with (`sparse-lightgcn`, `sparse-mf`, from `@scall/sparse-embedding`).
 */
export const scallPlugins = {
  recommender: sparseEmbeddingPlugins.recommender,
  searcher: {
    sparserec: (o) => createSparseRecSearcher(o as SparseRecOptions),
    magprune: (o) => createMagPruneSearcher(o as MagPruneOptions),
  },
} satisfies PluginManifest;
