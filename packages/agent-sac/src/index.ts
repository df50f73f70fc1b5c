export { createSac, registerSac } from './create-sac.js';
export type { SacFactory } from './create-sac.js';
export { SacAgent, SAC_SNAPSHOT_KIND } from './sac-agent.js';
export { SAC_DEFAULTS, resolveSacOptions } from './sac-options.js';
export type { SacOptions, ResolvedSacOptions, ReplaySampling } from './sac-options.js';
export { ReplayBuffer } from './replay-buffer.js';
export type { TransitionBatch } from './replay-buffer.js';
export { scallPlugins } from './plugins.js';
