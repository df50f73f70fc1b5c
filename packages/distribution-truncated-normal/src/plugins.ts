import type { PluginManifest } from '@scall/spec';
import { createTruncatedNormal, type TruncatedNormalSettings } from './truncated-normal.js';

/**
 * What the `scall` app registers when it loads this package (a built-in, or a config's
 * `plugins` entry): `"distribution": { "name": "truncated-normal", "options": { "shapeRange": [min, max] } }`.
 * The factory checks its own options.
 */
export const scallPlugins = { distribution: { 'truncated-normal': (options) => createTruncatedNormal(options as TruncatedNormalSettings) } } satisfies PluginManifest;
