/** How the replay buffer picks transitions for a gradient update. */
export type ReplaySampling = 'recency' | 'uniform';

/**
 * Hyperparameters of the Soft Actor-Critic agent. Every field is optional; the defaults
 * are those of the SCALL reference (protocol §5 "Agent: Soft Actor-Critic").
 */
export interface SacOptions {
  /** Hidden layer widths of the actor MLP (ReLU). Default `[512, 512]`. */
  readonly actorHiddenSizes?: readonly number[];
  /** Hidden layer widths of each twin critic MLP (ReLU). Default `[512, 512]`. */
  readonly criticHiddenSizes?: readonly number[];
  /** Lower clamp of the actor's log standard deviation. Default `-20`. */
  readonly logStdMin?: number;
  /** Upper clamp of the actor's log standard deviation. Default `2`. */
  readonly logStdMax?: number;
  /** Adam learning rate of the actor. Default `2e-4`. */
  readonly actorLearningRate?: number;
  /** L2 weight decay of the actor's Adam (added to the gradient, as PyTorch's `Adam`). Default `1e-4`. */
  readonly actorWeightDecay?: number;
  /** Global gradient-norm clip of the actor (`Infinity` disables it). Default `1`. */
  readonly actorGradClipNorm?: number;
  /** Adam learning rate of the critics. Default `3e-4`. */
  readonly criticLearningRate?: number;
  /** L2 weight decay of the critics' Adam. Default `1e-4`. */
  readonly criticWeightDecay?: number;
  /** Global gradient-norm clip of the critics. Default `Infinity` (no clipping, as the reference). */
  readonly criticGradClipNorm?: number;
  /** Adam's first-moment decay. Default `0.9`. */
  readonly adamBeta1?: number;
  /** Adam's second-moment decay. Default `0.999`. */
  readonly adamBeta2?: number;
  /** Adam's denominator epsilon. Default `1e-8`. */
  readonly adamEpsilon?: number;
  /** Polyak averaging rate of the target critics. Default `0.005`. */
  readonly tau?: number;
  /** Discount factor. Default `0.99`. */
  readonly gamma?: number;
  /** Entropy temperature alpha (the starting value when it is learned). Default `0.2`. */
  readonly temperature?: number;
  /** Learn the temperature towards {@link SacOptions.targetEntropy}. Default `false` (fixed). */
  readonly learnTemperature?: boolean;
  /** Adam learning rate of log(alpha) when it is learned. Default `3e-4`. */
  readonly temperatureLearningRate?: number;
  /** Target entropy of the learned temperature. Default `-actionSize`. */
  readonly targetEntropy?: number;
  /** Replay buffer capacity; the oldest transition is dropped beyond it. Default `10000`. */
  readonly replayCapacity?: number;
  /** `recency`: P(index i, oldest first) ∝ i + 1, as the reference; `uniform`: equal. Default `recency`. */
  readonly replaySampling?: ReplaySampling;
  /** Batch size once the buffer holds more than {@link SacOptions.smallBufferLimit}. Default `8`. */
  readonly batchSize?: number;
  /** Batch size while the buffer holds at most {@link SacOptions.smallBufferLimit}. Default `1`. */
  readonly smallBatchSize?: number;
  /** Buffer length up to which {@link SacOptions.smallBatchSize} is used. Default `12`. */
  readonly smallBufferLimit?: number;
  /** Gradient updates per environment step (per call to `update()`). Default `3`. */
  readonly updatesPerStep?: number;
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

const KNOWN = new Set<string>([...Object.keys(SAC_DEFAULTS), 'targetEntropy']);

function fail(option: string, value: unknown, expected: string): never {
  throw new RangeError(`createSac: option "${option}" must be ${expected} (got ${JSON.stringify(value) ?? String(value)})`);
}

/**
 * Fills in defaults and validates every option; an unknown or out-of-range option is
 * an error that names it and its value.
 */
export function resolveSacOptions(options: SacOptions = {}): ResolvedSacOptions {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new RangeError(`createSac: unknown option "${key}" (known: ${[...KNOWN].join(', ')})`);
  }
  const o = { ...SAC_DEFAULTS, ...stripUndefined(options) } as ResolvedSacOptions;
  for (const key of ['actorHiddenSizes', 'criticHiddenSizes'] as const) {
    const sizes = o[key];
    if (!Array.isArray(sizes) || sizes.length === 0 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
      fail(key, sizes, 'a non-empty array of positive integers');
    }
  }
  const positive = ['actorLearningRate', 'criticLearningRate', 'temperatureLearningRate', 'adamEpsilon', 'actorGradClipNorm', 'criticGradClipNorm'] as const;
  for (const key of positive) if (!(o[key] > 0)) fail(key, o[key], 'a number > 0');
  for (const key of ['actorWeightDecay', 'criticWeightDecay'] as const) {
    if (!(o[key] >= 0 && Number.isFinite(o[key]))) fail(key, o[key], 'a finite number >= 0');
  }
  for (const key of ['adamBeta1', 'adamBeta2'] as const) if (!(o[key] >= 0 && o[key] < 1)) fail(key, o[key], 'in [0, 1)');
  if (!(o.tau > 0 && o.tau <= 1)) fail('tau', o.tau, 'in (0, 1]');
  if (!(o.gamma >= 0 && o.gamma <= 1)) fail('gamma', o.gamma, 'in [0, 1]');
  if (!(o.temperature > 0 && Number.isFinite(o.temperature))) fail('temperature', o.temperature, 'a finite number > 0');
  if (typeof o.learnTemperature !== 'boolean') fail('learnTemperature', o.learnTemperature, 'a boolean');
  if (o.targetEntropy !== undefined && !Number.isFinite(o.targetEntropy)) fail('targetEntropy', o.targetEntropy, 'a finite number');
  if (!(Number.isFinite(o.logStdMin) && Number.isFinite(o.logStdMax) && o.logStdMin < o.logStdMax)) {
    fail('logStdMin/logStdMax', [o.logStdMin, o.logStdMax], 'finite numbers with logStdMin < logStdMax');
  }
  for (const key of ['replayCapacity', 'batchSize', 'smallBatchSize'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] > 0)) fail(key, o[key], 'a positive integer');
  }
  for (const key of ['smallBufferLimit', 'updatesPerStep'] as const) {
    if (!(Number.isInteger(o[key]) && o[key] >= 0)) fail(key, o[key], 'an integer >= 0');
  }
  if (o.replaySampling !== 'recency' && o.replaySampling !== 'uniform') fail('replaySampling', o.replaySampling, '"recency" or "uniform"');
  return o;
}

function stripUndefined(options: SacOptions): SacOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as SacOptions;
}
