import { checkOptions } from './options.js';

/**
 * The hyperparameters every actor-critic agent here has (SAC, TD3). Each agent extends
 * it with its own and documents its defaults (`SAC_DEFAULTS`, `TD3_DEFAULTS` and the
 * tables in their READMEs).
 */
export interface ActorCriticOptions {
  /** Hidden layer widths of the actor MLP (ReLU). */
  readonly actorHiddenSizes?: readonly number[];
  /** Hidden layer widths of each twin critic MLP over (state, action) (ReLU). */
  readonly criticHiddenSizes?: readonly number[];
  /** Adam learning rate of the actor. */
  readonly actorLearningRate?: number;
  /** Adam learning rate of the critics. */
  readonly criticLearningRate?: number;
  /** Global gradient-norm clip of the actor's gradient (`Infinity`: none). */
  readonly actorGradClipNorm?: number;
  /** Global gradient-norm clip of the critics' gradient (`Infinity`: none). */
  readonly criticGradClipNorm?: number;
  /** Adam's first-moment decay. */
  readonly adamBeta1?: number;
  /** Adam's second-moment decay. */
  readonly adamBeta2?: number;
  /** Adam's denominator epsilon. */
  readonly adamEpsilon?: number;
  /** Discount factor. */
  readonly gamma?: number;
  /** Polyak averaging rate of the target networks. */
  readonly tau?: number;
  /** Replay capacity in transitions; the oldest is dropped beyond it. */
  readonly replayCapacity?: number;
  /** Transitions per gradient update. */
  readonly batchSize?: number;
  /** Updates per call to `update()`. */
  readonly updatesPerStep?: number;
}

/**
 * Range checks of the {@link ActorCriticOptions} fields in resolved options (an error
 * names the option and its value); the agent checks its own fields after it.
 *
 * @example
 * checkActorCriticOptions('createTd3', resolveOptions('createTd3', TD3_DEFAULTS, options));
 */
export function checkActorCriticOptions(owner: string, options: Required<ActorCriticOptions>): void {
  checkOptions(owner, options, {
    layerWidths: ['actorHiddenSizes', 'criticHiddenSizes'],
    positive: ['actorLearningRate', 'criticLearningRate', 'adamEpsilon', 'actorGradClipNorm', 'criticGradClipNorm'],
    decay: ['adamBeta1', 'adamBeta2'],
    positiveFraction: ['tau'],
    unitInterval: ['gamma'],
    positiveInteger: ['replayCapacity', 'batchSize'],
    nonNegativeInteger: ['updatesPerStep'],
  });
}
