import { checkActorCriticOptions, checkOptions, optionError, resolveOptions, type ActorCriticOptions, type ReplaySampling } from '@scall/agent-kit';

/**
 * Hyperparameters of the Soft Actor-Critic agent: the {@link ActorCriticOptions} every
 * actor-critic agent here has, plus SAC's own. Every field is optional; the defaults
 * ({@link SAC_DEFAULTS}) are those of the SCALL reference (protocol §5 "Agent: Soft
 * Actor-Critic"): actor and critics `[512, 512]` (ReLU; Xavier-uniform weights), actor
 * learning rate `2e-4`, critics `3e-4`, actor gradient clip `1`, critics unclipped
 * (`Infinity`), Adam betas `0.9` / `0.999`, epsilon `1e-8`, gamma `0.99`, tau `0.005`,
 * replay capacity `10000`, batch size `8`, `3` updates per step.
 */
export interface SacOptions extends ActorCriticOptions {
  /** Lower clamp of the actor's log standard deviation. Default `-20`. */
  readonly logStdMin?: number;
  /** Upper clamp of the actor's log standard deviation. Default `2`. */
  readonly logStdMax?: number;
  /** L2 weight decay of the actor's Adam (added to the gradient, as PyTorch's `Adam`). Default `1e-4`. */
  readonly actorWeightDecay?: number;
  /** L2 weight decay of the critics' Adam. Default `1e-4`. */
  readonly criticWeightDecay?: number;
  /** Entropy temperature alpha (the starting value when it is learned). Default `0.2`. */
  readonly temperature?: number;
  /** Learn the temperature towards {@link SacOptions.targetEntropy}. Default `false` (fixed). */
  readonly learnTemperature?: boolean;
  /** Adam learning rate of log(alpha) when it is learned. Default `3e-4`. */
  readonly temperatureLearningRate?: number;
  /** Target entropy of the learned temperature. Default `-actionSize`. */
  readonly targetEntropy?: number;
  /** `recency`: P(index i, oldest first) ∝ i + 1, as the reference; `uniform`: equal. Default `recency`. */
  readonly replaySampling?: ReplaySampling;
  /** Batch size while the buffer holds at most {@link SacOptions.smallBufferLimit} (`batchSize` beyond). Default `1`. */
  readonly smallBatchSize?: number;
  /** Buffer length up to which {@link SacOptions.smallBatchSize} is used. Default `12`. */
  readonly smallBufferLimit?: number;
}

/** {@link SacOptions} with every default filled in (target entropy stays optional until the action size is known). */
export type ResolvedSacOptions = Required<Omit<SacOptions, 'targetEntropy'>> & { readonly targetEntropy?: number };

/** The protocol's defaults. */
export const SAC_DEFAULTS: ResolvedSacOptions = Object.freeze({
  actorHiddenSizes: Object.freeze([512, 512]),
  criticHiddenSizes: Object.freeze([512, 512]),
  logStdMin: -20,
  logStdMax: 2,
  actorLearningRate: 2e-4,
  actorWeightDecay: 1e-4,
  actorGradClipNorm: 1,
  criticLearningRate: 3e-4,
  criticWeightDecay: 1e-4,
  criticGradClipNorm: Number.POSITIVE_INFINITY,
  adamBeta1: 0.9,
  adamBeta2: 0.999,
  adamEpsilon: 1e-8,
  tau: 0.005,
  gamma: 0.99,
  temperature: 0.2,
  learnTemperature: false,
  temperatureLearningRate: 3e-4,
  replayCapacity: 10_000,
  replaySampling: 'recency',
  batchSize: 8,
  smallBatchSize: 1,
  smallBufferLimit: 12,
  updatesPerStep: 3,
});

const KNOWN = [...Object.keys(SAC_DEFAULTS), 'targetEntropy'];

/**
 * Fills in defaults and validates every option; an unknown or out-of-range option is
 * an error that names it and its value.
 */
export function resolveSacOptions(options: SacOptions = {}): ResolvedSacOptions {
  const owner = 'createSac';
  const o = resolveOptions(owner, SAC_DEFAULTS, options, KNOWN);
  checkActorCriticOptions(owner, o);
  checkOptions(owner, o, {
    positive: ['temperatureLearningRate'],
    finiteNonNegative: ['actorWeightDecay', 'criticWeightDecay'],
    finitePositive: ['temperature'],
    boolean: ['learnTemperature'],
    positiveInteger: ['smallBatchSize'],
    nonNegativeInteger: ['smallBufferLimit'],
  });
  if (o.targetEntropy !== undefined && !Number.isFinite(o.targetEntropy)) throw optionError(owner, 'targetEntropy', o.targetEntropy, 'a finite number');
  if (!(Number.isFinite(o.logStdMin) && Number.isFinite(o.logStdMax) && o.logStdMin < o.logStdMax)) {
    throw optionError(owner, 'logStdMin/logStdMax', [o.logStdMin, o.logStdMax], 'finite numbers with logStdMin < logStdMax');
  }
  if (o.replaySampling !== 'recency' && o.replaySampling !== 'uniform') throw optionError(owner, 'replaySampling', o.replaySampling, '"recency" or "uniform"');
  return o;
}
