import { assertKnownOptions } from '@scall/plugin-utils';
import { userError } from './user-error.js';

/**
 * Hyperparameters of the TD3 agent. Every field is optional; the defaults are the CIESS
 * protocol's (Qu et al., SIGIR 2023, as their public code sets them) where it gives a
 * value, and the usual TD3 values (Fujimoto et al. 2018) where it does not.
 *
 * Noise is given in **normalised action units**: a fraction of the half-range
 * `(actionHigh - actionLow) / 2` of each action dimension, so one setting fits any
 * action box. CIESS's figures are in embedding sizes on [1, 128] (half-range 63.5):
 * exploration N(0, 6) is `6 / 63.5`, target-policy noise N(0, 2) clipped to ±5 is
 * `2 / 63.5` clipped to `5 / 63.5`.
 */
export interface Td3Options {
  /** Hidden layer widths of the actor MLP (ReLU, tanh output). Default `[256, 256]` (CIESS). */
  readonly actorHiddenSizes?: readonly number[];
  /** Hidden layer widths of each twin critic MLP over (state, action). Default `[256, 256]` (CIESS). */
  readonly criticHiddenSizes?: readonly number[];
  /** Adam learning rate of the actor. Default `1e-3` (CIESS). */
  readonly actorLearningRate?: number;
  /** Adam learning rate of the critics. Default `3e-3` (CIESS). */
  readonly criticLearningRate?: number;
  /** Global gradient-norm clip of the actor's gradient (`Infinity`: none). Default `1` (CIESS clips; the value is ours). */
  readonly actorGradClipNorm?: number;
  /** Global gradient-norm clip of the critics' gradient. Default `1`. */
  readonly criticGradClipNorm?: number;
  /** Adam's first-moment decay. Default `0.9`. */
  readonly adamBeta1?: number;
  /** Adam's second-moment decay. Default `0.999`. */
  readonly adamBeta2?: number;
  /** Adam's denominator epsilon. Default `1e-8`. */
  readonly adamEpsilon?: number;
  /** Discount factor. Default `0.99` (CIESS). */
  readonly gamma?: number;
  /** Polyak averaging rate of the target networks. Default `0.005` (CIESS). */
  readonly tau?: number;
  /** Critic updates per actor (and target) update. Default `2` (CIESS, TD3). */
  readonly policyDelay?: number;
  /** Std of the Gaussian exploration noise of `act({ explore: true })`, normalised units. Default `6 / 63.5` (CIESS's N(0, 6) on [1, 128]). */
  readonly explorationNoise?: number;
  /** Std of the target-policy smoothing noise, normalised units. Default `2 / 63.5` (CIESS's N(0, 2)). */
  readonly targetNoise?: number;
  /** Clip of the target-policy smoothing noise, normalised units. Default `5 / 63.5` (CIESS's ±5). */
  readonly targetNoiseClip?: number;
  /** Replay capacity in transitions; the oldest is dropped beyond it. Default `100000`. */
  readonly replayCapacity?: number;
  /** Transitions per gradient update, drawn uniformly with replacement. Default `256`. */
  readonly batchSize?: number;
  /** Critic updates per call to `update()`. Default `1`. */
  readonly updatesPerStep?: number;
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

function fail(option: string, value: unknown, expected: string): never {
  throw userError(new RangeError(`createTd3: option "${option}" must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`));
}

/**
 * Fills in defaults and validates every option; an unknown or out-of-range option is an
 * error that names it and its value.
 */
export function resolveTd3Options(options: Td3Options = {}): ResolvedTd3Options {
  if (options === null || typeof options !== 'object') throw userError(new TypeError(`createTd3: options must be an object (got ${String(options)})`));
  assertKnownOptions('createTd3', options, Object.keys(TD3_DEFAULTS));
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  const o = { ...TD3_DEFAULTS, ...given } as ResolvedTd3Options;
  for (const key of ['actorHiddenSizes', 'criticHiddenSizes'] as const) {
    const sizes = o[key];
    if (!Array.isArray(sizes) || sizes.length === 0 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
      fail(key, sizes, 'a non-empty array of positive integers');
    }
  }
  for (const key of ['actorLearningRate', 'criticLearningRate', 'adamEpsilon', 'actorGradClipNorm', 'criticGradClipNorm'] as const) {
    if (!(o[key] > 0)) fail(key, o[key], 'a number > 0');
  }
  for (const key of ['adamBeta1', 'adamBeta2'] as const) if (!(o[key] >= 0 && o[key] < 1)) fail(key, o[key], 'in [0, 1)');
  if (!(o.gamma >= 0 && o.gamma <= 1)) fail('gamma', o.gamma, 'in [0, 1]');
  if (!(o.tau > 0 && o.tau <= 1)) fail('tau', o.tau, 'in (0, 1]');
  for (const key of ['explorationNoise', 'targetNoise', 'targetNoiseClip'] as const) {
    if (!(o[key] >= 0 && Number.isFinite(o[key]))) fail(key, o[key], 'a finite number >= 0');
  }
  for (const key of ['policyDelay', 'replayCapacity', 'batchSize'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] > 0)) fail(key, o[key], 'a positive integer');
  }
  if (!(Number.isInteger(o.updatesPerStep) && o.updatesPerStep >= 0)) fail('updatesPerStep', o.updatesPerStep, 'an integer >= 0');
  return o;
}
