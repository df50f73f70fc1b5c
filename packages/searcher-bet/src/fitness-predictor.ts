import { checkOptions, optionError, resolveOptions, xavierUniform } from '@scall/agent-kit';
import { createRng, shuffle } from '@scall/rng';
import type { Rng, Snapshot } from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';
import type { ActionSets } from './action-sets.js';

/** Options of {@link FitnessPredictor}; defaults are BET's. */
export interface FitnessPredictorOptions {
  /** Seed of the initial weights. Default 0. */
  readonly seed?: number;
  /** Widths of the entity encoder on the normalised frequency (BET: 1 → 16 → 16). */
  readonly entityWidths?: readonly number[];
  /** Widths of the set encoder (BET: 17 → 64 → 64; here the input has 2 more features, see {@link SET_FEATURES}). */
  readonly setWidths?: readonly number[];
  /** Hidden widths of the decoder before its single output (BET: 64 → 64 → 1). */
  readonly decoderWidths?: readonly number[];
  /** Adam's first learning rate (0.01). */
  readonly learningRate?: number;
  /** Factor applied to the learning rate after every epoch (0.9). */
  readonly learningRateDecay?: number;
  /** Floor of the decayed learning rate (0.002). */
  readonly minLearningRate?: number;
  /** Epochs over the training set per {@link FitnessPredictor.fit} call (20). */
  readonly epochs?: number;
  /** Actions per mini-batch (32). */
  readonly batchSize?: number;
}

/** Options with every default filled in. */
export type ResolvedFitnessPredictorOptions = { -readonly [K in keyof FitnessPredictorOptions]-?: FitnessPredictorOptions[K] };

/**
 * Extra per-set inputs next to the set's mean entity embedding: its normalised size
 * (BET's one feature), its share of its side's entities and its side. A mean over
 * masked means cannot otherwise see how many entities hold a size, i.e. the user share.
 */
export const SET_FEATURES = 3;

const DEFAULTS: ResolvedFitnessPredictorOptions = {
  seed: 0,
  entityWidths: [16, 16],
  setWidths: [64, 64],
  decoderWidths: [64],
  learningRate: 0.01,
  learningRateDecay: 0.9,
  minLearningRate: 0.002,
  epochs: 20,
  batchSize: 32,
};

/** Fills the predictor's defaults and checks them, naming the offending option. */
export function resolveFitnessPredictorOptions(options: FitnessPredictorOptions = {}): ResolvedFitnessPredictorOptions {
  const owner = 'FitnessPredictor';
  const o = resolveOptions(owner, DEFAULTS, options);
  checkOptions(owner, o, { layerWidths: ['entityWidths', 'setWidths'], positiveInteger: ['epochs', 'batchSize'], positive: ['learningRate', 'minLearningRate'] });
  if (!(Array.isArray(o.decoderWidths) && o.decoderWidths.every((w) => Number.isInteger(w) && w >= 1))) {
    throw optionError(owner, 'decoderWidths', o.decoderWidths, 'a list of positive integers');
  }
  if (!(o.minLearningRate <= o.learningRate)) throw optionError(owner, 'minLearningRate', o.minLearningRate, `at most learningRate = ${o.learningRate}`);
  if (!(o.learningRateDecay > 0 && o.learningRateDecay <= 1)) throw optionError(owner, 'learningRateDecay', o.learningRateDecay, 'in (0, 1]');
  if (!Number.isFinite(o.seed)) throw optionError(owner, 'seed', o.seed, 'a finite number');
  return o;
}

interface Layer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;
}

/** One training example: an action's sets and its fitness target. */
interface Example {
  readonly sets: ActionSets;
  readonly target: number;
}

const SNAPSHOT_KIND = 'bet-fitness-predictor';
const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * BET's DeepSets fitness predictor: an entity encoder on each entity's normalised
 * frequency, a masked mean per set (one set per size value per side), a set encoder on
 * [set mean, normalised size, entity share, side], a mean over sets (the action
 * embedding, used for nearest-neighbour moves) and a decoder to one number. Trained
 * with MSE on z-scored targets by Adam with a per-epoch decayed learning rate. It
 * keeps its own training set, so it can be carried across segments and checkpointed
 * ({@link FitnessPredictor.snapshot}). Needs an initialised tfjs backend with
 * `UnsortedSegmentSum` (every stock backend; `@scall/tf-runtime`'s `initTf()`).
 *
 * @example
 * const predictor = new FitnessPredictor({ seed: 1 });
 * predictor.addExample(actionSets(plan, userFrequencies, itemFrequencies), 0.12);
 * predictor.fit(createRng(2));
 * const [forecast] = predictor.predict([actionSets(other, userFrequencies, itemFrequencies)]);
 */
export class FitnessPredictor {
  readonly options: ResolvedFitnessPredictorOptions;
  private readonly entity: Layer[];
  private readonly set: Layer[];
  private readonly decoder: Layer[];
  private examples: Example[] = [];
  private targetMean = 0;
  private targetScale = 1;
  private fits = 0;

  constructor(options: FitnessPredictorOptions = {}) {
    this.options = resolveFitnessPredictorOptions(options);
    const rng = createRng(this.options.seed);
    // Batch-major layers (`x · W`, kernels [in, out]) with Xavier-uniform kernels and zero biases.
    const stack = (input: number, widths: readonly number[]) =>
      widths.map((width, i) => {
        const fanIn = i === 0 ? input : widths[i - 1];
        const values = xavierUniform(rng, fanIn, width);
        return { kernel: tf.variable(tf.tensor2d(values, [fanIn, width]), true), bias: tf.variable(tf.zeros([width]), true) };
      });
    const { entityWidths, setWidths, decoderWidths } = this.options;
    this.entity = stack(1, entityWidths);
    this.set = stack(entityWidths[entityWidths.length - 1] + SET_FEATURES, setWidths);
    this.decoder = stack(setWidths[setWidths.length - 1], [...decoderWidths, 1]);
  }

  /** Number of examples in the training set. */
  get size(): number {
    return this.examples.length;
  }

  /** Adds one probed action and its fitness to the training set. */
  addExample(sets: ActionSets, target: number): void {
    if (!Number.isFinite(target)) throw new RangeError(`FitnessPredictor.addExample: target must be finite (got ${target})`);
    this.examples.push({ sets, target });
  }

  private get layers(): Layer[] {
    return [...this.entity, ...this.set, ...this.decoder];
  }

  private get variables(): tf.Variable[] {
    return this.layers.flatMap((l) => [l.kernel, l.bias]);
  }

  /** The action embeddings `[B, width]` of a batch (inside a tidy). */
  private embedBatch(batch: readonly ActionSets[]): tf.Tensor2D {
    let rows = 0;
    let sets = 0;
    for (const s of batch) {
      rows += s.rowSet.length;
      sets += s.setSize.length;
    }
    const frequency = new Float32Array(rows);
    const count = new Float32Array(rows);
    const rowSet = new Int32Array(rows);
    const setFeatures = new Float32Array(sets * SET_FEATURES);
    const setInverseCount = new Float32Array(sets);
    const setAction = new Int32Array(sets);
    const actionInverseSets = new Float32Array(batch.length);
    let r0 = 0;
    let s0 = 0;
    batch.forEach((s, b) => {
      frequency.set(s.rowFrequency, r0);
      count.set(s.rowCount, r0);
      for (let r = 0; r < s.rowSet.length; r++) rowSet[r0 + r] = s.rowSet[r] + s0;
      for (let k = 0; k < s.setSize.length; k++) {
        setFeatures[(s0 + k) * SET_FEATURES] = s.setSize[k];
        setFeatures[(s0 + k) * SET_FEATURES + 1] = s.setShare[k];
        setFeatures[(s0 + k) * SET_FEATURES + 2] = s.setSide[k];
        setInverseCount[s0 + k] = 1 / s.setCount[k];
        setAction[s0 + k] = b;
      }
      actionInverseSets[b] = s.setSize.length ? 1 / s.setSize.length : 0;
      r0 += s.rowSet.length;
      s0 += s.setSize.length;
    });
    const mlp = (x: tf.Tensor2D, layers: readonly Layer[], activateLast: boolean) => {
      let h = x;
      layers.forEach((layer, i) => {
        h = tf.add(tf.matMul(h, layer.kernel as tf.Tensor2D), layer.bias) as tf.Tensor2D;
        if (activateLast || i < layers.length - 1) h = tf.relu(h);
      });
      return h;
    };
    const encoded = mlp(tf.tensor2d(frequency, [rows, 1]), this.entity, true);
    const weighted = tf.mul(encoded, tf.tensor2d(count, [rows, 1]));
    const setMean = tf.mul(tf.unsortedSegmentSum(weighted, tf.tensor1d(rowSet, 'int32'), sets), tf.tensor2d(setInverseCount, [sets, 1])) as tf.Tensor2D;
    const setInput = tf.concat([setMean, tf.tensor2d(setFeatures, [sets, SET_FEATURES])], 1) as tf.Tensor2D;
    const setEncoded = mlp(setInput, this.set, true);
    return tf.mul(tf.unsortedSegmentSum(setEncoded, tf.tensor1d(setAction, 'int32'), batch.length), tf.tensor2d(actionInverseSets, [batch.length, 1])) as tf.Tensor2D;
  }

  private forward(batch: readonly ActionSets[]): tf.Tensor1D {
    let h = this.embedBatch(batch);
    this.decoder.forEach((layer, i) => {
      h = tf.add(tf.matMul(h, layer.kernel as tf.Tensor2D), layer.bias) as tf.Tensor2D;
      if (i < this.decoder.length - 1) h = tf.relu(h);
    });
    return tf.reshape(h, [batch.length]) as tf.Tensor1D;
  }

  /** Forecast fitness (in target units) of each action. */
  predict(batch: readonly ActionSets[]): Float64Array {
    if (batch.length === 0) return new Float64Array(0);
    const z = tf.tidy(() => this.forward(batch)).dataSync() as Float32Array;
    const out = new Float64Array(batch.length);
    for (let i = 0; i < out.length; i++) out[i] = this.targetMean + this.targetScale * z[i];
    return out;
  }

  /** The action embeddings (mean over set encodings), one row per action. */
  embed(batch: readonly ActionSets[]): Float32Array[] {
    if (batch.length === 0) return [];
    const tensor = tf.tidy(() => this.embedBatch(batch));
    const values = tensor.dataSync() as Float32Array;
    const width = tensor.shape[1];
    tensor.dispose();
    return batch.map((_, b) => values.slice(b * width, (b + 1) * width));
  }

  /**
   * Trains `epochs` epochs on the whole training set (z-scored targets, shuffled
   * mini-batches from `rng`) with a fresh Adam whose learning rate decays per epoch.
   * Returns the last epoch's mean loss (0 with fewer than 2 examples: nothing to learn).
   */
  fit(rng: Rng): number {
    const n = this.examples.length;
    if (n < 2) return 0;
    let mean = 0;
    for (const e of this.examples) mean += e.target;
    mean /= n;
    let variance = 0;
    for (const e of this.examples) variance += (e.target - mean) ** 2;
    const std = Math.sqrt(variance / n);
    this.targetMean = mean;
    this.targetScale = std > 1e-12 ? std : 1;
    const { epochs, batchSize, learningRate, learningRateDecay, minLearningRate } = this.options;
    const variables = this.variables;
    const moments: { m: tf.Tensor; v: tf.Tensor }[] = variables.map((v) => ({ m: tf.zeros(v.shape), v: tf.zeros(v.shape) }));
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    let step = 0;
    let lastLoss = 0;
    try {
      for (let epoch = 0; epoch < epochs; epoch++) {
        const lr = Math.max(minLearningRate, learningRate * learningRateDecay ** epoch);
        shuffle(rng, order);
        let lossSum = 0;
        for (let start = 0; start < n; start += batchSize) {
          const ids = Array.from(order.subarray(start, Math.min(n, start + batchSize)));
          const batch = ids.map((i) => this.examples[i].sets);
          const targets = Float32Array.from(ids, (i) => (this.examples[i].target - this.targetMean) / this.targetScale);
          step++;
          const bc1 = 1 - ADAM.beta1 ** step;
          const bc2 = 1 - ADAM.beta2 ** step;
          const loss = tf.tidy(() => {
            const { value, grads } = tf.variableGrads(() => tf.mean(tf.squaredDifference(this.forward(batch), tf.tensor1d(targets))) as tf.Scalar, variables);
            variables.forEach((variable, k) => {
              const g = grads[variable.name];
              const mk = tf.add(tf.mul(moments[k].m, ADAM.beta1), tf.mul(g, 1 - ADAM.beta1));
              const vk = tf.add(tf.mul(moments[k].v, ADAM.beta2), tf.mul(tf.square(g), 1 - ADAM.beta2));
              moments[k].m.dispose();
              moments[k].v.dispose();
              moments[k] = { m: tf.keep(mk), v: tf.keep(vk) };
              const update = tf.div(tf.mul(mk, lr / bc1), tf.add(tf.sqrt(tf.div(vk, bc2)), ADAM.epsilon));
              variable.assign(tf.sub(variable, update));
            });
            return value.dataSync()[0];
          });
          lossSum += loss * ids.length;
        }
        lastLoss = lossSum / n;
      }
    } finally {
      for (const m of moments) {
        m.m.dispose();
        m.v.dispose();
      }
    }
    this.fits++;
    return lastLoss;
  }

  /** Weights, target normalisation and the whole training set. */
  snapshot(): Snapshot {
    const arrays: Snapshot['arrays'] = {};
    this.variables.forEach((v, i) => {
      arrays[`weight/${i}`] = Float32Array.from(v.dataSync() as Float32Array);
    });
    const rowOffsets = new Int32Array(this.examples.length + 1);
    const setOffsets = new Int32Array(this.examples.length + 1);
    this.examples.forEach((e, i) => {
      rowOffsets[i + 1] = rowOffsets[i] + e.sets.rowSet.length;
      setOffsets[i + 1] = setOffsets[i] + e.sets.setSize.length;
    });
    const concat = <T extends Float32Array | Int32Array>(make: (n: number) => T, pick: (s: ActionSets) => T, offsets: Int32Array) => {
      const out = make(offsets[offsets.length - 1]);
      this.examples.forEach((e, i) => out.set(pick(e.sets), offsets[i]));
      return out;
    };
    const f32 = (n: number) => new Float32Array(n);
    arrays['examples/targets'] = Float64Array.from(this.examples, (e) => e.target);
    arrays['examples/rowOffsets'] = rowOffsets;
    arrays['examples/setOffsets'] = setOffsets;
    arrays['examples/rowFrequency'] = concat(f32, (s) => s.rowFrequency, rowOffsets);
    arrays['examples/rowCount'] = concat(f32, (s) => s.rowCount, rowOffsets);
    arrays['examples/rowSet'] = concat((n) => new Int32Array(n), (s) => s.rowSet, rowOffsets);
    arrays['examples/setSize'] = concat(f32, (s) => s.setSize, setOffsets);
    arrays['examples/setShare'] = concat(f32, (s) => s.setShare, setOffsets);
    arrays['examples/setSide'] = concat(f32, (s) => s.setSide, setOffsets);
    arrays['examples/setCount'] = concat(f32, (s) => s.setCount, setOffsets);
    return {
      kind: SNAPSHOT_KIND,
      meta: { options: { ...this.options, entityWidths: [...this.options.entityWidths], setWidths: [...this.options.setWidths], decoderWidths: [...this.options.decoderWidths] }, targetMean: this.targetMean, targetScale: this.targetScale, fits: this.fits },
      arrays,
    };
  }

  /** Restores a snapshot taken from a predictor with the same architecture. */
  restore(snapshot: Snapshot): void {
    if (snapshot.kind !== SNAPSHOT_KIND) throw new Error(`Cannot restore a "${snapshot.kind}" snapshot into the BET fitness predictor`);
    const saved = JSON.stringify((snapshot.meta.options as { entityWidths: number[] }) ?? null);
    const widths = (o: { entityWidths: readonly number[]; setWidths: readonly number[]; decoderWidths: readonly number[] }) => JSON.stringify([o.entityWidths, o.setWidths, o.decoderWidths]);
    if (widths(JSON.parse(saved)) !== widths(this.options)) {
      throw new Error(`BET fitness predictor snapshot has layer widths ${widths(JSON.parse(saved))}, this predictor ${widths(this.options)}`);
    }
    this.variables.forEach((v, i) => {
      const values = snapshot.arrays[`weight/${i}`];
      if (!values || values.length !== v.size) throw new Error(`BET fitness predictor snapshot: weight/${i} is missing or has the wrong length`);
      const restored = tf.tensor(Float32Array.from(values), v.shape);
      v.assign(restored);
      restored.dispose();
    });
    this.targetMean = snapshot.meta.targetMean as number;
    this.targetScale = snapshot.meta.targetScale as number;
    this.fits = snapshot.meta.fits as number;
    const a = snapshot.arrays;
    const targets = a['examples/targets'];
    const rowOffsets = a['examples/rowOffsets'];
    const setOffsets = a['examples/setOffsets'];
    this.examples = Array.from(targets, (target, i) => {
      const rows = [rowOffsets[i], rowOffsets[i + 1]] as const;
      const sets = [setOffsets[i], setOffsets[i + 1]] as const;
      return {
        target,
        sets: {
          rowFrequency: Float32Array.from(a['examples/rowFrequency'].subarray(...rows)),
          rowCount: Float32Array.from(a['examples/rowCount'].subarray(...rows)),
          rowSet: Int32Array.from(a['examples/rowSet'].subarray(...rows)),
          setSize: Float32Array.from(a['examples/setSize'].subarray(...sets)),
          setShare: Float32Array.from(a['examples/setShare'].subarray(...sets)),
          setSide: Float32Array.from(a['examples/setSide'].subarray(...sets)),
          setCount: Float32Array.from(a['examples/setCount'].subarray(...sets)),
        },
      };
    });
  }

  /** Frees the weights. */
  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
