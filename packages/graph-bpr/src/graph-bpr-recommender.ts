import { EmbeddingTable, RaggedAdam, createEmbeddingTable, raggedOffsets, warmStartTable } from '@scall/embedding-table';
import { bprLoss, buildNormalizedAdjacency, createAdamArena, createPropagationBprStep, raggedToPadded, sharedFloat32Array, sparseDenseMatMul, sumSquaredRows } from '@scall/kernels';
import type { AdamArena } from '@scall/kernels';
import type { CsrMatrix, PropagationBprStep, PropagationStepPhase, RaggedLayout } from '@scall/kernels';
import { adamUpdate } from '@scall/plugin-utils';
import { assertPlanSizes } from '@scall/spec';
import type { EmbeddingState, RecommenderBuildInput, RecommenderV1, Rng, SizePlan, Snapshot, TrainReport, TripleBatch, TripleSampler } from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';
import { batchNodeIds } from './batch-nodes.js';
import { FinalEmbeddingScorer } from './final-embedding-scorer.js';
import { layerWidths } from './layer-widths.js';
import { learningRateAt, resolveGraphBprOptions } from './options.js';
import type { GraphBprOptions, ResolvedGraphBprOptions } from './options.js';

interface Built {
  readonly numUsers: number;
  readonly numItems: number;
  readonly userSizes: Int32Array;
  readonly itemSizes: Int32Array;
  /** Users then items, one packed buffer: the only copy of the parameters. */
  readonly parameters: Float32Array;
  readonly users: EmbeddingTable;
  readonly items: EmbeddingTable;
  readonly layout: RaggedLayout;
  /** Padded working width: the largest size in the plan (not MAX). */
  readonly width: number;
  readonly adjacency: CsrMatrix | null;
  readonly widths: Int32Array[];
  readonly adam: RaggedAdam;
  /** The fused SIMD step (used on cpu and wasm), or null when switched off or without WebAssembly SIMD. */
  readonly fused: PropagationBprStep | null;
  /** Gradient buffer of the fused step (packed like `parameters`). */
  readonly gradient: Float32Array;
  /** With the fused step: the WebAssembly memory holding parameters, gradient and moments, where Adam runs in SIMD (null without the fused step or WebAssembly SIMD). */
  readonly arena: AdamArena | null;
}

/** Wall milliseconds per phase of the fused training steps (the step's phases plus the Adam update), summed over `steps`. */
export interface TrainingStepProfile {
  readonly steps: number;
  readonly ms: Readonly<Record<PropagationStepPhase | 'adam', number>>;
}

/** The plan's population and sizes, under the one size rule of `@scall/spec` (`[minSize, maxSize]`). */
function checkPlan(plan: SizePlan, numUsers: number, numItems: number): void {
  try {
    assertPlanSizes(plan, { numUsers, numItems });
  } catch (error) {
    throw new RangeError(`build: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A BPR recommender over ragged embeddings with `layers` LightGCN propagation layers
 * (mean of layers 0..L; L = 0 is matrix factorisation, whose score is the dot product
 * over the shared prefix of the two sizes). Parameters and Adam moments are ragged:
 * 4 x sum of sizes bytes each, never MAX wide. The gradient comes from tfjs autodiff
 * through the `@scall/kernels` ops; the Adam update runs on the packed buffers.
 */
export class GraphBprRecommender implements RecommenderV1 {
  readonly specificationVersion = 'v1' as const;
  readonly name: string;
  readonly options: ResolvedGraphBprOptions;
  private built: Built | undefined;
  private steps = 0;
  /** Milliseconds of Adam updates after fused steps since the last takeStepProfile (with `profile`). */
  private adamMs = 0;
  private batch: TripleBatch | undefined;
  /** Scoring from the final embeddings of the current parameters; dropped when they change. */
  private finalScorer: FinalEmbeddingScorer | null = null;

  /** `name` is the registry name reported in snapshots (e.g. `"lightgcn"`, `"mf"`). */
  constructor(name: string, options: GraphBprOptions = {}, defaultLayers = 3) {
    this.name = name;
    this.options = resolveGraphBprOptions(options, defaultLayers);
  }

  private get model(): Built {
    if (!this.built) throw new Error(`${this.name}: call build() before training, scoring or snapshots`);
    return this.built;
  }

  build(input: RecommenderBuildInput): void {
    const { plan, numUsers, numItems, rng, warmStart } = input;
    checkPlan(plan, numUsers, numItems);
    const o = this.options;
    const init = { std: o.initStd, grown: input.grownInit ?? o.grownInit };
    const userRng = rng.fork();
    const itemRng = rng.fork();
    const userTable = warmStart ? warmStartTable(warmStart.users, plan.userSizes, userRng, init) : createEmbeddingTable(plan.userSizes, userRng, init);
    const itemTable = warmStart ? warmStartTable(warmStart.items, plan.itemSizes, itemRng, init) : createEmbeddingTable(plan.itemSizes, itemRng, init);
    // With the fused step, parameters, gradient and moments live in an Adam arena: Adam in
    // SIMD on them, the same bits as the JavaScript loop, and faster on one thread than the
    // JavaScript loop split over two. Where there is no arena but threads, the fused step
    // splits the JavaScript Adam over them: then the arrays sit on SharedArrayBuffers.
    const total = userTable.parameters + itemTable.parameters;
    const arena = o.fusedStep ? createAdamArena(total) : null;
    const shared = !arena && o.fusedStep && o.threads > 1 && o.layers > 0;
    const allocate = (length: number) => (shared ? sharedFloat32Array(length) : new Float32Array(length));
    const parameters = arena ? arena.parameters : allocate(total);
    parameters.set(userTable.values, 0);
    parameters.set(itemTable.values, userTable.parameters);
    const sizes = new Int32Array(numUsers + numItems);
    sizes.set(plan.userSizes, 0);
    sizes.set(plan.itemSizes, numUsers);
    let width = 0;
    for (const s of sizes) if (s > width) width = s;
    const adjacency = o.layers > 0 ? buildNormalizedAdjacency(input.graph, numUsers, numItems) : null;
    const layout = { sizes, offsets: raggedOffsets(sizes) };
    const widths = layerWidths(adjacency, sizes, o.layers);
    width = Math.max(width, 1);
    const fused = o.fusedStep ? createPropagationBprStep({ adjacency, layout, layerWidths: widths, width, threads: o.threads, profile: o.profile, precision: o.propagationPrecision }) : null;
    this.dispose();
    const adam = new RaggedAdam(parameters.length, o.adam);
    if (arena) {
      adam.firstMoment = arena.firstMoment;
      adam.secondMoment = arena.secondMoment;
    } else if (shared) {
      adam.firstMoment = allocate(parameters.length);
      adam.secondMoment = allocate(parameters.length);
    }
    this.built = {
      numUsers,
      numItems,
      userSizes: userTable.sizes,
      itemSizes: itemTable.sizes,
      parameters,
      users: new EmbeddingTable(userTable.sizes, parameters.subarray(0, userTable.parameters)),
      items: new EmbeddingTable(itemTable.sizes, parameters.subarray(userTable.parameters)),
      layout,
      width,
      adjacency,
      widths,
      adam,
      fused,
      gradient: arena ? arena.gradient : fused ? allocate(parameters.length) : new Float32Array(0),
      arena,
    };
    this.steps = 0;
    this.adamMs = 0;
  }

  /** The final (mean-of-layers) node embeddings `[users + items, width]` for `values`. */
  private propagate(values: tf.Tensor1D, m: Built): { layer0: tf.Tensor2D; final: tf.Tensor2D } {
    const layer0 = raggedToPadded(values, m.layout, m.width);
    if (!m.adjacency) return { layer0, final: layer0 };
    const layers: tf.Tensor2D[] = [layer0];
    let current = layer0;
    for (let k = 0; k < this.options.layers; k++) {
      current = sparseDenseMatMul(m.adjacency, current, { inputWidths: m.widths[k], outputWidths: m.widths[k + 1] });
      layers.push(current);
    }
    return { layer0, final: tf.mul(tf.addN(layers), 1 / layers.length) };
  }

  /**
   * One Adam step on one BPR batch; returns the loss. On cpu and wasm the loss and gradient
   * come from the fused SIMD step; elsewhere (or without WebAssembly SIMD) from tfjs
   * autodiff through the composed kernels. Both compute the same function.
   */
  private step(batch: TripleBatch, m: Built): number {
    const b = batch.users.length;
    const nodes = batchNodeIds(batch, m.numUsers, m.numItems);
    if (m.fused) {
      const loss = m.fused.lossAndGradient(m.parameters, nodes.subarray(0, b), nodes.subarray(b, 2 * b), nodes.subarray(2 * b), this.options.l2, m.gradient);
      if (loss !== null) {
        const t0 = this.options.profile ? performance.now() : 0;
        const fused = m.fused;
        // In the arena's SIMD, or on the step's threads, where it can (same arithmetic as
        // RaggedAdam's, bit for bit).
        const arena = m.arena;
        m.adam.applyWith(
          (p, g, first, second, step) => {
            if (!(arena?.adamUpdate(p, g as Float32Array, first, second, step) || fused.adamUpdate(p, g as Float32Array, first, second, step))) adamUpdate(p, g, first, second, step);
          },
          m.parameters,
          m.gradient,
          learningRateAt(this.options, this.steps),
        );
        if (this.options.profile) this.adamMs += performance.now() - t0;
        this.steps++;
        return loss;
      }
    }
    if (this.options.propagationPrecision === 'bfloat16' && this.options.layers > 0) {
      throw new Error(
        `${this.name}: propagationPrecision "bfloat16" needs the fused WebAssembly step, which is unavailable here (tfjs backend "${tf.getBackend()}"; it runs on cpu and wasm with WebAssembly SIMD, for models its memory can hold); use "float32"`,
      );
    }
    const { value, grad } = tf.tidy(() => {
      const batchNodes = tf.tensor1d(nodes, 'int32');
      const users = tf.tensor1d(nodes.subarray(0, b), 'int32');
      const positives = tf.tensor1d(nodes.subarray(b, 2 * b), 'int32');
      const negatives = tf.tensor1d(nodes.subarray(2 * b), 'int32');
      const loss = (values: tf.Tensor) => {
        const { layer0, final } = this.propagate(values as tf.Tensor1D, m);
        const bpr = bprLoss(final, users, positives, negatives);
        if (this.options.l2 === 0) return bpr;
        return tf.add(bpr, tf.mul(sumSquaredRows(layer0, batchNodes), this.options.l2 / b)) as tf.Scalar;
      };
      return tf.valueAndGrad(loss)(tf.tensor1d(m.parameters));
    });
    try {
      const gradient = grad.dataSync() as Float32Array;
      m.adam.apply(m.parameters, gradient, learningRateAt(this.options, this.steps));
      this.steps++;
      return value.dataSync()[0];
    } finally {
      value.dispose();
      grad.dispose();
    }
  }

  async train(steps: number, sampler: TripleSampler, rng: Rng): Promise<TrainReport> {
    if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`train: steps must be a non-negative integer (got ${steps})`);
    const m = this.model;
    this.invalidate();
    // With `threads` > 1, start on all of them (the workers boot in the background; the
    // results are the same either way, this only makes the first steps use them).
    if (m.fused && m.fused.threads === 1 && this.options.threads > 1) await m.fused.ready();
    let total = 0;
    for (let s = 0; s < steps; s++) {
      this.batch = sampler.sample(this.options.batchSize, rng, this.batch);
      const loss = this.step(this.batch, m);
      if (!Number.isFinite(loss)) throw new Error(`${this.name}: training loss became ${loss} at step ${this.steps}`);
      total += loss;
    }
    return { steps, meanLoss: steps > 0 ? total / steps : 0 };
  }

  score(users: Int32Array, items: Int32Array): Float32Array {
    if (!this.finalScorer) {
      const m = this.model;
      this.finalScorer = new FinalEmbeddingScorer(m.numUsers, m.numItems, () => tf.tidy(() => tf.keep(this.propagate(tf.tensor1d(m.parameters), m).final)));
    }
    return this.finalScorer.score(users, items);
  }

  embeddings(): EmbeddingState {
    const m = this.model;
    return { users: m.users.toRagged(), items: m.items.toRagged() };
  }

  memoryBytes(): number {
    return this.model.users.bytes() + this.model.items.bytes();
  }

  /** Bytes of optimiser state (Adam's two moments): 8 x sum of sizes. */
  optimizerBytes(): number {
    return this.model.adam.bytes();
  }

  /**
   * With the `profile` option: milliseconds per phase of the fused steps (unpack, forward,
   * bprDiff, bprLoss, bprGrad, backward, pack) and of their Adam updates, summed since the
   * last call or the build, and starts a new sum. Null without `profile`, before `build`,
   * or where the fused step is unavailable (composed path).
   */
  takeStepProfile(): TrainingStepProfile | null {
    const profile = this.built?.fused?.takeProfile() ?? null;
    if (!profile) return null;
    const adam = this.adamMs;
    this.adamMs = 0;
    return { steps: profile.steps, ms: { ...profile.ms, adam } };
  }

  /** Optimiser steps taken since `build`. */
  get stepCount(): number {
    return this.steps;
  }

  snapshot(): Snapshot {
    const m = this.model;
    return {
      kind: this.name,
      meta: { steps: this.steps, numUsers: m.numUsers, numItems: m.numItems, adam: m.adam.meta(), layers: this.options.layers },
      arrays: {
        userSizes: m.userSizes.slice(),
        itemSizes: m.itemSizes.slice(),
        parameters: m.parameters.slice(),
        adamFirstMoment: m.adam.firstMoment.slice(),
        adamSecondMoment: m.adam.secondMoment.slice(),
      },
    };
  }

  restore(snapshot: Snapshot): void {
    const m = this.model;
    if (snapshot.kind !== this.name) throw new Error(`restore: snapshot was written by "${snapshot.kind}", not "${this.name}"`);
    const same = (a: unknown, b: Int32Array, what: string) => {
      const arr = a as Int32Array | undefined;
      if (!arr || arr.length !== b.length || arr.some((v, i) => v !== b[i])) {
        throw new Error(`restore: snapshot ${what} differ from the built plan; restore needs a model built with the same plan`);
      }
    };
    same(snapshot.arrays.userSizes, m.userSizes, 'user sizes');
    same(snapshot.arrays.itemSizes, m.itemSizes, 'item sizes');
    const parameters = snapshot.arrays.parameters as Float32Array;
    if (!(parameters instanceof Float32Array) || parameters.length !== m.parameters.length) {
      throw new Error(`restore: snapshot "parameters" must be a Float32Array of ${m.parameters.length} values`);
    }
    const adam = snapshot.meta.adam as { step: number };
    m.parameters.set(parameters);
    m.adam.restore(snapshot.arrays.adamFirstMoment as Float32Array, snapshot.arrays.adamSecondMoment as Float32Array, adam.step);
    this.steps = snapshot.meta.steps as number;
    this.invalidate();
  }

  private invalidate(): void {
    this.finalScorer?.invalidate();
    this.finalScorer = null;
  }

  /** Drops cached final embeddings and ends the fused step's worker threads (if any); the model stays usable on one thread. */
  dispose(): void {
    this.invalidate();
    this.built?.fused?.dispose();
  }
}

/**
 * A BPR recommender over ragged embeddings with a configurable number of propagation
 * layers, the base of `@scall/recommender-lightgcn` (3 layers) and `@scall/recommender-mf` (`layers: 0`).
 *
 * @example
 * const mf = createGraphBprRecommender('mf', { layers: 0 });
 */
export function createGraphBprRecommender(name: string, options: GraphBprOptions = {}): GraphBprRecommender {
  return new GraphBprRecommender(name, options, 3);
}
