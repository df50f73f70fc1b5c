export { createTd3 } from './create-td3.js';
export type { Td3Factory } from './create-td3.js';
export { Td3Agent, TD3_SNAPSHOT_KIND } from './td3-agent.js';
export { TD3_DEFAULTS, resolveTd3Options } from './td3-options.js';
export type { Td3Options, ResolvedTd3Options } from './td3-options.js';
export { scallPlugins } from './plugins.js';
