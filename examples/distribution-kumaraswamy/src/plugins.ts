import type { PluginManifest } from '@scall/spec';
import { createKumaraswamy, type KumaraswamySettings } from './kumaraswamy.js';

/**
 * What the `scall` app registers when a config lists this package under `plugins`:
 * the distribution becomes selectable as `"distribution": { "name": "kumaraswamy" }`.
 */
export const scallPlugins = { distribution: { kumaraswamy: (options) => createKumaraswamy(options as KumaraswamySettings) } } satisfies PluginManifest;
