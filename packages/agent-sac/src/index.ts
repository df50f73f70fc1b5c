export { createSac, registerSac } from './create-sac.js';
export type { SacFactory } from './create-sac.js';
export { SacAgent, SAC_SNAPSHOT_KIND } from './sac-agent.js';
export { SAC_DEFAULTS, resolveSacOptions } from './sac-options.js';
export type { SacOptions, ResolvedSacOptions } from './sac-options.js';
// The replay buffer lives in @scall/agent-kit (shared with TD3); re-exported for users of 0.x.
export { ReplayBuffer } from '@scall/agent-kit';
export type { ReplaySampling, TransitionBatch } from '@scall/agent-kit';
export { scallPlugins } from './plugins.js';
