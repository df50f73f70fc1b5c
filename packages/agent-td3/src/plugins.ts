import type { PluginManifest } from '@scall/spec';
import { createTd3 } from './create-td3.js';
import type { Td3Options } from './td3-options.js';

/**
 * The package's plug-ins for the `scall` app: `"agent": { "name": "td3", "options": {...} }`
 * with {@link Td3Options} as options.
 */
export const scallPlugins = {
  agent: {
    td3: (options) => createTd3(options as Td3Options),
  },
} satisfies PluginManifest;
