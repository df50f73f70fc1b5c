import type { PluginManifest } from '@scall/spec';
import { createTruncatedExponential, type TruncatedExponentialSettings } from './truncated-exponential.js';

/**
 * What the `scall` app registers when it loads this package (a built-in, or a config's
 * `plugins` entry): `"distribution": { "name": "truncated-exponential", "options": { "shapeRange": [min, max] } }`.
 * The factory checks its own options.
 */
export const scallPlugins = { distribution: { 'truncated-exponential': (options) => createTruncatedExponential(options as TruncatedExponentialSettings) } } satisfies PluginManifest;
