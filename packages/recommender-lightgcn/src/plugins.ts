import type { PluginManifest } from '@scall/spec';
import { createLightGcn, type LightGcnOptions } from './create-light-gcn.js';

/**
 * What the `scall` app registers when it loads this package:
 * `"recommender": { "name": "lightgcn", "options": { ... } }` (LightGCN's options, its
 * protocol defaults filled in here). One model is built right away so a bad option fails
 * when the run is assembled, not at the first segment.
 */
export const scallPlugins = {
  recommender: {
    lightgcn: (options) => (createLightGcn(options as LightGcnOptions).dispose(), () => createLightGcn(options as LightGcnOptions)),
  },
} satisfies PluginManifest;
