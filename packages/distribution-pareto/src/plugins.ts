import type { PluginManifest } from '@scall/spec';
import { createPareto, type ParetoSettings } from './pareto.js';

/**
 * What the `scall` app registers when it loads this package (a built-in, or a config's
 * `plugins` entry): `"distribution": { "name": "pareto", "options": { "shapeRange": [min, max] } }`.
 * The factory checks its own options.
 */
export const scallPlugins = { distribution: { pareto: (options) => createPareto(options as ParetoSettings) } } satisfies PluginManifest;
