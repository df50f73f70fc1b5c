import { assertKnownOptions } from '@scall/plugin-utils';
import type { AdamOptions } from '@scall/embedding-table';

/** Training options of a graph BPR recommender; every protocol value (SCALL §4) is a default. */
export interface GraphBprOptions {
  /** Propagation layers; 0 gives plain BPR matrix factorisation. LightGCN default 3. */
  readonly layers?: number;
  /** Initial Adam learning rate. Default 0.03. */
  readonly learningRate?: number;
  /** Learning-rate factor applied after every `decaySteps` steps. Default 0.95. */
  readonly decay?: number;
  /** Steps per learning-rate block. Default 200. */
  readonly decaySteps?: number;
  /** Learning-rate floor. Default 0.001. */
  readonly minLearningRate?: number;
  /** L2 weight on the batch's layer-0 rows (sum of squares divided by the batch size). Default 1e-4. */
  readonly l2?: number;
  /** BPR triples per step. Default 10,000. */
  readonly batchSize?: number;
  /** Standard deviation of the N(0, std^2) initialiser. Default 0.01. */
  readonly initStd?: number;
  /** Initialiser of dimensions an entity gained in a warm start: `"normal"` (default) or `"zero"`. */
  readonly grownInit?: 'normal' | 'zero';
  /** Adam's betas and epsilon (PyTorch defaults). */
  readonly adam?: AdamOptions;
  /**
   * On the cpu and wasm backends, compute each step's loss and gradient with the fused
   * WebAssembly SIMD step of `@scall/kernels` (default `true`); `false` takes tfjs autodiff
   * through the composed kernels, as on every other backend. Both compute the same function.
   */
  readonly fusedStep?: boolean;
  /**
   * Threads of the fused step — its sparse propagation (forward and backward products)
   * and its BPR passes — the calling thread included: an integer >= 1, default 1. With 2
   * or more, `worker_threads` workers on a shared WebAssembly memory each compute whole
   * rows, so every loss, gradient and parameter equals the one-thread run bit for bit. The
   * Adam update runs in SIMD on the calling thread (an `AdamArena` of `@scall/kernels`;
   * where that is unavailable, split over the threads on SharedArrayBuffers). No effect without
   * propagation layers (MF), with `fusedStep: false`, or where SharedArrayBuffer /
   * WebAssembly threads are unavailable (one thread then). `dispose()` ends the workers.
   */
  readonly threads?: number;
  /**
   * Time each phase of the fused step and the Adam update (default false), read with
   * `takeStepProfile()`; results are unchanged. No effect on the composed path.
   */
  readonly profile?: boolean;
  /**
   * Number format of what the fused step's propagation products read: `'float32'`
   * (default) or `'bfloat16'` (mixed precision: each layer, and each layer's gradient, is
   * rounded to bfloat16 before its sparse product, which accumulates in float32; the
   * parameters, sums, BPR terms and Adam stay float32). Half the bytes per edge, the
   * products' main cost, so faster training at a rounding of 2^-9 per product input;
   * ragged plans then propagate at the full padded width. Results stay bit-identical across
   * `threads`. Training only: evaluation's embeddings are propagated in float32. Needs the
   * fused step: `'bfloat16'` with `fusedStep: false` is an error, and so is a training step
   * where the fused step is unavailable (a tfjs backend other than cpu or wasm, no
   * WebAssembly SIMD, or a model beyond the module's memory). No effect without
   * propagation layers (MF).
   */
  readonly propagationPrecision?: 'float32' | 'bfloat16';
}

/** {@link GraphBprOptions} with every default filled in. */
export interface ResolvedGraphBprOptions {
  readonly layers: number;
  readonly learningRate: number;
  readonly decay: number;
  readonly decaySteps: number;
  readonly minLearningRate: number;
  readonly l2: number;
  readonly batchSize: number;
  readonly initStd: number;
  readonly grownInit: 'normal' | 'zero';
  readonly adam: AdamOptions;
  readonly fusedStep: boolean;
  readonly threads: number;
  readonly profile: boolean;
  readonly propagationPrecision: 'float32' | 'bfloat16';
}

/** Fills defaults and checks ranges; errors name the option and value. */
export function resolveGraphBprOptions(options: GraphBprOptions, defaultLayers: number): ResolvedGraphBprOptions {
  assertKnownOptions('recommender options', options, ['layers', 'learningRate', 'decay', 'decaySteps', 'minLearningRate', 'l2', 'batchSize', 'initStd', 'grownInit', 'adam', 'fusedStep', 'threads', 'profile', 'propagationPrecision']);
  const r: ResolvedGraphBprOptions = {
    layers: options.layers ?? defaultLayers,
    learningRate: options.learningRate ?? 0.03,
    decay: options.decay ?? 0.95,
    decaySteps: options.decaySteps ?? 200,
    minLearningRate: options.minLearningRate ?? 0.001,
    l2: options.l2 ?? 1e-4,
    batchSize: options.batchSize ?? 10_000,
    initStd: options.initStd ?? 0.01,
    grownInit: options.grownInit ?? 'normal',
    adam: options.adam ?? {},
    fusedStep: options.fusedStep ?? true,
    threads: options.threads ?? 1,
    profile: options.profile ?? false,
    propagationPrecision: options.propagationPrecision ?? 'float32',
  };
  const check = (name: keyof ResolvedGraphBprOptions, ok: boolean, rule: string) => {
    if (!ok) throw new RangeError(`Option "${name}" must be ${rule} (got ${String(r[name])})`);
  };
  check('layers', Number.isInteger(r.layers) && r.layers >= 0, 'an integer >= 0');
  check('learningRate', r.learningRate > 0, '> 0');
  check('decay', r.decay > 0 && r.decay <= 1, 'in (0, 1]');
  check('decaySteps', Number.isInteger(r.decaySteps) && r.decaySteps > 0, 'a positive integer');
  check('minLearningRate', r.minLearningRate >= 0, '>= 0');
  check('l2', r.l2 >= 0, '>= 0');
  check('batchSize', Number.isInteger(r.batchSize) && r.batchSize > 0, 'a positive integer');
  check('initStd', r.initStd >= 0, '>= 0');
  check('grownInit', r.grownInit === 'normal' || r.grownInit === 'zero', '"normal" or "zero"');
  check('fusedStep', typeof r.fusedStep === 'boolean', 'true or false');
  check('threads', Number.isInteger(r.threads) && r.threads >= 1, 'an integer >= 1');
  check('profile', typeof r.profile === 'boolean', 'true or false');
  check('propagationPrecision', r.propagationPrecision === 'float32' || r.propagationPrecision === 'bfloat16', '"float32" or "bfloat16"');
  if (r.propagationPrecision === 'bfloat16' && !r.fusedStep) {
    throw new RangeError('Option "propagationPrecision" "bfloat16" needs the fused step (it is a precision of its WebAssembly products); drop "fusedStep": false or use "float32"');
  }
  return r;
}

/** Learning rate for step `step` (0-based): `max(floor, lr * decay^floor(step / decaySteps))`. */
export function learningRateAt(options: ResolvedGraphBprOptions, step: number): number {
  return Math.max(options.minLearningRate, options.learningRate * options.decay ** Math.floor(step / options.decaySteps));
}
