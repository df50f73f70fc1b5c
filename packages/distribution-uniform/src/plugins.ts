import type { PluginManifest } from '@scall/spec';
import { createUniform, type UniformSettings } from './uniform.js';

/**
 * What the `scall` app registers when it loads this package (a built-in, or a config's
 * `plugins` entry): `"distribution": { "name": "uniform", "options": { "shapeRange": [min, max] } }`.
 * The factory checks its own options.
 */
export const scallPlugins = { distribution: { uniform: (options) => createUniform(options as UniformSettings) } } satisfies PluginManifest;
