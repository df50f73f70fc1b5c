import type { PluginManifest } from '@scall/spec';
import { createLogNormal, type LogNormalSettings } from './log-normal.js';

/**
 * What the `scall` app registers when it loads this package (a built-in, or a config's
 * `plugins` entry): `"distribution": { "name": "log-normal", "options": { "shapeRange": [min, max] } }`.
 * The factory checks its own options.
 */
export const scallPlugins = { distribution: { 'log-normal': (options) => createLogNormal(options as LogNormalSettings) } } satisfies PluginManifest;
