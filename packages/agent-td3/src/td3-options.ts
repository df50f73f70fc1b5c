import { checkActorCriticOptions, checkOptions, resolveOptions, type ActorCriticOptions } from '@scall/agent-kit';

/**
 * Hyperparameters of the TD3 agent: the {@link ActorCriticOptions} every actor-critic
 * agent here has, plus TD3's own. Every field is optional; the defaults
 * ({@link TD3_DEFAULTS}) are the CIESS protocol's (Qu et al., SIGIR 2023, as their public
 * code sets them) where it gives a value, and the usual TD3 values (Fujimoto et al.
 * 2018) where it does not: actor and critics `[256, 256]` (ReLU, tanh actor output,
 * PyTorch's default initialisation), actor learning rate `1e-3`, critics `3e-3`,
 * gradient clips `1` (CIESS clips; the value is ours), Adam betas `0.9` / `0.999`,
 * epsilon `1e-8`, gamma `0.99`, tau `0.005`, replay capacity `100000`, batch size `256`
 * (drawn uniformly with replacement), `1` critic update per step.
 *
 * Noise is given in **normalised action units**: a fraction of the half-range
 * `(actionHigh - actionLow) / 2` of each action dimension, so one setting fits any
 * action box. CIESS's figures are in embedding sizes on [1, 128] (half-range 63.5):
 * exploration N(0, 6) is `6 / 63.5`, target-policy noise N(0, 2) clipped to ±5 is
 * `2 / 63.5` clipped to `5 / 63.5`.
 */
export interface Td3Options extends ActorCriticOptions {
  /** Critic updates per actor (and target) update. Default `2` (CIESS, TD3). */
  readonly policyDelay?: number;
  /** Std of the Gaussian exploration noise of `act({ explore: true })`, normalised units. Default `6 / 63.5` (CIESS's N(0, 6) on [1, 128]). */
  readonly explorationNoise?: number;
  /** Std of the target-policy smoothing noise, normalised units. Default `2 / 63.5` (CIESS's N(0, 2)). */
  readonly targetNoise?: number;
  /** Clip of the target-policy smoothing noise, normalised units. Default `5 / 63.5` (CIESS's ±5). */
  readonly targetNoiseClip?: number;
}

/** {@link Td3Options} with every default filled in. */
export type ResolvedTd3Options = Required<Td3Options>;

/** The defaults. */
export const TD3_DEFAULTS: ResolvedTd3Options = Object.freeze({
  actorHiddenSizes: Object.freeze([256, 256]),
  criticHiddenSizes: Object.freeze([256, 256]),
  actorLearningRate: 1e-3,
  criticLearningRate: 3e-3,
  actorGradClipNorm: 1,
  criticGradClipNorm: 1,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  adamEpsilon: 1e-8,
  gamma: 0.99,
  tau: 0.005,
  policyDelay: 2,
  explorationNoise: 6 / 63.5,
  targetNoise: 2 / 63.5,
  targetNoiseClip: 5 / 63.5,
  replayCapacity: 100_000,
  batchSize: 256,
  updatesPerStep: 1,
});

/**
 * Fills in defaults and validates every option; an unknown or out-of-range option is an
 * error that names it and its value (marked `exitCode: 2`, a user error).
 */
export function resolveTd3Options(options: Td3Options = {}): ResolvedTd3Options {
  const o = resolveOptions('createTd3', TD3_DEFAULTS, options);
  checkActorCriticOptions('createTd3', o);
  checkOptions('createTd3', o, { finiteNonNegative: ['explorationNoise', 'targetNoise', 'targetNoiseClip'], positiveInteger: ['policyDelay'] });
  return o;
}
