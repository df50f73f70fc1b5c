import type { PluginManifest } from '@scall/spec';
import { createPowerLaw, type PowerLawSettings } from './power-law.js';

/**
 * What the `scall` app registers when it loads this package (a built-in, or a config's
 * `plugins` entry): `"distribution": { "name": "power-law", "options": { "shapeRange": [min, max] } }`.
 * The factory checks its own options.
 */
export const scallPlugins = { distribution: { 'power-law': (options) => createPowerLaw(options as PowerLawSettings) } } satisfies PluginManifest;
