import type { PluginManifest } from '@scall/spec';
import { createSac } from './create-sac.js';
import type { SacOptions } from './sac-options.js';

/**
 * What the `scall` app registers when it loads this package:
 * `"agent": { "name": "sac", "options": { ... } }` ({@link SacOptions}; the protocol's
 * values are the defaults, checked when the run is assembled).
 */
export const scallPlugins = { agent: { sac: (options) => createSac(options as SacOptions) } } satisfies PluginManifest;
