export { createScallSearcher } from './scall-searcher.js';
export { resolveScallOptions } from './scall-options.js';
export type { ScallSearcherOptions, ResolvedScallOptions } from './scall-options.js';
export { buildState, stateSize, poolFrequencies, meanEmbedding } from './scall-state.js';
export type { StateInput } from './scall-state.js';
export { actionToPlan, decodeAction, uniformPlan } from './action-to-plan.js';
export type { DecodedAction, PlanTarget } from './action-to-plan.js';
export { scallReward, policyConverged } from './reward.js';
