import { bprLoss, buildNormalizedAdjacency, sparseDenseMatMul, sumSquaredRows } from '@scall/kernels';
import type { CsrMatrix } from '@scall/kernels';
import { batchNodeIds, FinalEmbeddingScorer, layerWidths, learningRateAt, resolveGraphBprOptions } from '@scall/graph-bpr';
import type { GraphBprOptions, ResolvedGraphBprOptions } from '@scall/graph-bpr';
import {
  assertSparseLayout,
  createIndexArray,
  indexBytesPerEntry,
  isSparseSizePlan,
  prefixLayout,
  type RecommenderBuildInput,
  type Rng,
  type Snapshot,
  type SparseAwareRecommender,
  type SparseEmbeddingState,
  type SparseLayoutV1,
  type SparseRowsV1,
  type SparseTrainingV1,
  type TrainReport,
  type TripleBatch,
  type TripleSampler,
} from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';
import { MaskedAdam } from './masked-adam.js';
import { assertSparseTraining, dropFractionAt, pruneAndRegrow } from './prune-and-regrow.js';
import { sampleImportantRows } from './sampled-rows.js';
import { SparseEmbeddingTable, initSparseValues, previousSparseRows } from './sparse-table.js';

/** One mask update of dynamic sparse training. */
export interface MaskUpdate {
  /** Optimiser step after which the mask changed. */
  readonly step: number;
  readonly dropFraction: number;
  readonly dropped: number;
  readonly regrown: number;
}

interface Model {
  readonly numUsers: number;
  readonly numItems: number;
  readonly maxSize: number;
  /** Users then items: the only stored copy of the parameters. */
  counts: Int32Array;
  offsets: Float64Array;
  indices: Uint8Array | Uint16Array | Uint32Array;
  values: Float32Array;
  readonly adam: MaskedAdam;
  readonly adjacency: CsrMatrix | null;
  readonly training: SparseTrainingV1;
  readonly minActive: number;
  /** Working width of the transient dense layer 0 (MAX while the mask may change). */
  width: number;
  widths: Int32Array[];
  /** Regrowth scores `[rows, MAX]` while dynamic sparse training runs; training scratch, never stored. */
  accumulator: Float32Array | null;
}

const STATIC: SparseTrainingV1 = { specificationVersion: 'v1', mode: 'static' };

function concatRows(maxSize: number, a: SparseRowsV1, b: SparseRowsV1): { counts: Int32Array; offsets: Float64Array; indices: Uint8Array | Uint16Array | Uint32Array } {
  const na = a.counts.length;
  const nb = b.counts.length;
  const counts = new Int32Array(na + nb);
  counts.set(a.counts, 0);
  counts.set(b.counts, na);
  const offsets = new Float64Array(na + nb + 1);
  for (let r = 0; r < na + nb; r++) offsets[r + 1] = offsets[r] + counts[r];
  const indices = createIndexArray(maxSize, offsets[na + nb]);
  indices.set(a.indices, 0);
  indices.set(b.indices, a.offsets[na]);
  return { counts, offsets, indices };
}

/** Views of combined rows (users then items) as a layout. */
function splitRows(maxSize: number, numUsers: number, rows: SparseRowsV1): SparseLayoutV1 {
  const n = rows.counts.length;
  const start = rows.offsets[numUsers];
  const itemOffsets = new Float64Array(n - numUsers + 1);
  for (let r = numUsers; r <= n; r++) itemOffsets[r - numUsers] = rows.offsets[r] - start;
  return {
    specificationVersion: 'v1',
    maxSize,
    users: { counts: rows.counts.subarray(0, numUsers), offsets: rows.offsets.subarray(0, numUsers + 1), indices: rows.indices.subarray(0, start) },
    items: { counts: rows.counts.subarray(numUsers), offsets: itemOffsets, indices: rows.indices.subarray(start) },
  };
}

/**
 * A BPR recommender (LightGCN with `layers` propagation layers; `layers: 0` is matrix
 * factorisation) over an element-wise sparse table: it stores only active values and
 * their indices (one byte each when MAX <= 256), and Adam keeps two moments per active
 * value. Each step scatters the active values into a transient dense layer 0 of the
 * working width, runs the `@scall/kernels` propagation / BPR / L2 ops and their
 * autodiff, and gathers the gradient back at the active positions — the masked path.
 * It honours {@link SparseSizePlan}s (`static`, `frozen` and `dynamic` training); a
 * plain size plan is read as its prefix layout.
 */
export class SparseGraphBprRecommender implements SparseAwareRecommender {
  readonly specificationVersion = 'v1' as const;
  readonly sparseLayoutVersion = 'v1' as const;
  readonly name: string;
  readonly options: ResolvedGraphBprOptions;
  private built: Model | undefined;
  private steps = 0;
  /** Scoring from the final embeddings of the current parameters; dropped when they change. */
  private finalScorer: FinalEmbeddingScorer | null = null;
  private batch: TripleBatch | undefined;
  private updates: MaskUpdate[] = [];

  /** `name` is the registry name (e.g. `"sparse-lightgcn"`); `defaultLayers` applies when options omit `layers`. */
  constructor(name: string, options: GraphBprOptions = {}, defaultLayers = 3) {
    this.name = name;
    this.options = resolveGraphBprOptions(options, defaultLayers);
  }

  private get model(): Model {
    if (!this.built) throw new Error(`${this.name}: call build() before training, scoring or snapshots`);
    return this.built;
  }

  build(input: RecommenderBuildInput): void {
    const { plan, numUsers, numItems, rng, warmStart } = input;
    if (plan.userSizes.length !== numUsers || plan.itemSizes.length !== numItems) {
      throw new RangeError(`build: plan has ${plan.userSizes.length} users / ${plan.itemSizes.length} items but the segment has ${numUsers} / ${numItems}`);
    }
    const layout = isSparseSizePlan(plan) ? plan.sparseLayout : prefixLayout(plan);
    if (layout.maxSize !== plan.maxSize) throw new RangeError(`build: sparse layout maxSize ${layout.maxSize} differs from the plan's maxSize ${plan.maxSize}`);
    // Every entity keeps at least the plan's minSize active dimensions, the rule the runner
    // applies to prefix plans: an entity with no active dimension would score 0 for everyone.
    assertSparseLayout(layout, { numUsers, numItems, minActive: plan.minSize });
    const sameCounts = (sizes: Int32Array, counts: Int32Array) => sizes.every((s, e) => s === counts[e]);
    if (!sameCounts(plan.userSizes, layout.users.counts) || !sameCounts(plan.itemSizes, layout.items.counts)) {
      throw new RangeError('build: plan sizes must equal the sparse layout\'s active counts');
    }
    const training = (isSparseSizePlan(plan) && plan.sparseTraining) || STATIC;
    assertSparseTraining(training);
    if (training.minActive !== undefined && training.minActive < plan.minSize) {
      throw new RangeError(`build: sparseTraining.minActive ${training.minActive} is below the plan's minSize ${plan.minSize}; pruning may not take an entity under the plan's minimum`);
    }
    const o = this.options;
    const init = { std: o.initStd, grown: input.grownInit ?? o.grownInit };
    const userRng = rng.fork();
    const itemRng = rng.fork();
    let userValues: Float32Array;
    let itemValues: Float32Array;
    if (isSparseSizePlan(plan) && plan.initialValues) {
      userValues = plan.initialValues.users;
      itemValues = plan.initialValues.items;
      if (userValues.length !== layout.users.indices.length || itemValues.length !== layout.items.indices.length) {
        throw new RangeError('build: plan initialValues do not match the sparse layout');
      }
    } else {
      userValues = initSparseValues(layout.maxSize, layout.users, userRng, init, warmStart?.users, previousSparseRows(warmStart, 'users'));
      itemValues = initSparseValues(layout.maxSize, layout.items, itemRng, init, warmStart?.items, previousSparseRows(warmStart, 'items'));
    }
    const rows = concatRows(layout.maxSize, layout.users, layout.items);
    const values = new Float32Array(rows.indices.length);
    values.set(userValues, 0);
    values.set(itemValues, userValues.length);
    this.dispose();
    const adjacency = o.layers > 0 ? buildNormalizedAdjacency(input.graph, numUsers, numItems) : null;
    this.built = {
      numUsers,
      numItems,
      maxSize: layout.maxSize,
      ...rows,
      values,
      adam: new MaskedAdam(values.length, o.adam),
      adjacency,
      training,
      minActive: training.minActive ?? plan.minSize,
      width: 1,
      widths: [],
      accumulator: null,
    };
    this.steps = 0;
    this.updates = [];
    this.relayout(this.built);
  }

  /** Working width and per-layer row widths for the current mask. */
  private relayout(m: Model): void {
    const n = m.counts.length;
    const rowWidths = new Int32Array(n);
    if (this.maskMayChange(m)) {
      rowWidths.fill(m.maxSize);
    } else {
      for (let r = 0; r < n; r++) rowWidths[r] = m.counts[r] > 0 ? m.indices[m.offsets[r + 1] - 1] + 1 : 0;
    }
    let width = 1;
    for (const w of rowWidths) if (w > width) width = w;
    m.width = width;
    m.widths = layerWidths(m.adjacency, rowWidths, this.options.layers);
  }

  private maskMayChange(m: Model): boolean {
    return m.training.mode === 'dynamic' && this.steps < (m.training.regrowth?.endStep ?? 0);
  }

  /** The transient dense layer 0, `[rows, width]`, zeros at inactive positions. */
  private denseLayer0(m: Model): Float32Array {
    const n = m.counts.length;
    const w = m.width;
    const dense = new Float32Array(n * w);
    for (let r = 0; r < n; r++) {
      const base = r * w;
      for (let k = m.offsets[r]; k < m.offsets[r + 1]; k++) dense[base + m.indices[k]] = m.values[k];
    }
    return dense;
  }

  private propagate(layer0: tf.Tensor2D, m: Model): tf.Tensor2D {
    if (!m.adjacency) return layer0;
    const layers: tf.Tensor2D[] = [layer0];
    let current = layer0;
    for (let k = 0; k < this.options.layers; k++) {
      current = sparseDenseMatMul(m.adjacency, current, { inputWidths: m.widths[k], outputWidths: m.widths[k + 1] });
      layers.push(current);
    }
    return tf.mul(tf.addN(layers), 1 / layers.length);
  }

  /** Loss and its gradient with respect to the dense layer 0 (`[rows, width]`). */
  private lossAndDenseGradient(batch: TripleBatch, m: Model, withGradient: boolean): { loss: number; gradient: Float32Array | null } {
    const nodes = batchNodeIds(batch, m.numUsers, m.numItems);
    const b = batch.users.length;
    const n = m.counts.length;
    const dense = this.denseLayer0(m);
    const result = tf.tidy(() => {
      const batchNodes = tf.tensor1d(nodes, 'int32');
      const users = tf.tensor1d(nodes.subarray(0, b), 'int32');
      const positives = tf.tensor1d(nodes.subarray(b, 2 * b), 'int32');
      const negatives = tf.tensor1d(nodes.subarray(2 * b), 'int32');
      const loss = (layer0: tf.Tensor) => {
        const final = this.propagate(layer0 as tf.Tensor2D, m);
        const bpr = bprLoss(final, users, positives, negatives);
        if (this.options.l2 === 0) return bpr;
        return tf.add(bpr, tf.mul(sumSquaredRows(layer0 as tf.Tensor2D, batchNodes), this.options.l2 / b)) as tf.Scalar;
      };
      const x = tf.tensor2d(dense, [n, m.width]);
      return withGradient ? tf.valueAndGrad(loss)(x) : { value: loss(x), grad: tf.zeros([0]) };
    });
    try {
      return { loss: result.value.dataSync()[0], gradient: withGradient ? (result.grad.dataSync() as Float32Array) : null };
    } finally {
      result.value.dispose();
      result.grad.dispose();
    }
  }

  /**
   * The loss gradient with respect to every stored (active) value for one batch, in
   * storage order (users then items), without updating anything: the masked path's
   * gradient, equal to the dense model's gradient at the active positions.
   */
  gradient(batch: TripleBatch): Float32Array {
    const m = this.model;
    const { gradient } = this.lossAndDenseGradient(batch, m, true);
    const out = new Float32Array(m.values.length);
    for (let r = 0; r < m.counts.length; r++) {
      for (let k = m.offsets[r]; k < m.offsets[r + 1]; k++) out[k] = gradient![r * m.width + m.indices[k]];
    }
    return out;
  }

  private step(batch: TripleBatch, m: Model, rng: Rng): number {
    const { loss, gradient } = this.lossAndDenseGradient(batch, m, true);
    const g = gradient!;
    const w = m.width;
    const sampled = m.training.sampledBackward;
    const rows = sampled ? sampleImportantRows(batchNodeIds(batch, m.numUsers, m.numItems), m.counts.length, sampled.fraction, rng) : null;
    const valueGradient = new Float32Array(m.values.length);
    let entries: Int32Array | undefined;
    if (rows) {
      let count = 0;
      for (const r of rows) count += m.counts[r];
      entries = new Int32Array(count);
      let j = 0;
      for (const r of rows) {
        for (let k = m.offsets[r]; k < m.offsets[r + 1]; k++) {
          valueGradient[k] = g[r * w + m.indices[k]];
          entries[j++] = k;
        }
      }
    } else {
      for (let r = 0; r < m.counts.length; r++) {
        for (let k = m.offsets[r]; k < m.offsets[r + 1]; k++) valueGradient[k] = g[r * w + m.indices[k]];
      }
    }
    m.adam.apply(m.values, valueGradient, learningRateAt(this.options, this.steps), entries);

    const regrowth = m.training.regrowth;
    if (m.training.mode === 'dynamic' && regrowth && this.steps < regrowth.endStep) {
      // Accumulate regrowth scores (width is MAX while the mask may change).
      const acc = (m.accumulator ??= new Float32Array(m.counts.length * m.maxSize));
      const lastOfWindow = (this.steps + 1) % regrowth.interval === 0;
      if (regrowth.accumulation === 'window' || lastOfWindow) {
        const add = (r: number) => {
          const base = r * w;
          for (let d = 0; d < w; d++) acc[base + d] += g[base + d];
        };
        if (rows) for (const r of rows) add(r);
        else for (let r = 0; r < m.counts.length; r++) add(r);
      }
    }
    this.steps++;
    if (m.training.mode === 'dynamic' && regrowth && this.steps % regrowth.interval === 0 && this.steps <= regrowth.endStep) {
      this.updateMask(m, dropFractionAt(regrowth, this.steps));
    }
    if (m.accumulator && !this.maskMayChange(m)) {
      m.accumulator = null;
      this.relayout(m);
    }
    return loss;
  }

  private updateMask(m: Model, dropFraction: number): void {
    const scores = m.accumulator ?? new Float32Array(m.counts.length * m.maxSize);
    const next = pruneAndRegrow({ counts: m.counts, offsets: m.offsets, indices: m.indices, values: m.values, maxSize: m.maxSize, scores, dropFraction, minActive: m.minActive });
    m.counts = next.counts;
    m.offsets = next.offsets;
    m.indices = next.indices;
    m.values = next.values;
    m.adam.remap(next.source);
    m.accumulator?.fill(0);
    this.updates.push({ step: this.steps, dropFraction, dropped: next.dropped, regrown: next.regrown });
  }

  async train(steps: number, sampler: TripleSampler, rng: Rng): Promise<TrainReport> {
    if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`train: steps must be a non-negative integer (got ${steps})`);
    const m = this.model;
    this.invalidate();
    if (m.training.mode === 'frozen') {
      // Deployed as pruned: report the loss of one batch, take no step.
      if (steps === 0) return { steps: 0, meanLoss: 0 };
      this.batch = sampler.sample(this.options.batchSize, rng, this.batch);
      return { steps: 0, meanLoss: this.lossAndDenseGradient(this.batch, m, false).loss };
    }
    let total = 0;
    for (let s = 0; s < steps; s++) {
      this.batch = sampler.sample(this.options.batchSize, rng, this.batch);
      const loss = this.step(this.batch, m, rng);
      if (!Number.isFinite(loss)) throw new Error(`${this.name}: training loss became ${loss} at step ${this.steps}`);
      total += loss;
    }
    return { steps, meanLoss: steps > 0 ? total / steps : 0 };
  }

  score(users: Int32Array, items: Int32Array): Float32Array {
    if (!this.finalScorer) {
      const m = this.model;
      this.finalScorer = new FinalEmbeddingScorer(m.numUsers, m.numItems, () => {
        const dense = this.denseLayer0(m);
        return tf.tidy(() => tf.keep(this.propagate(tf.tensor2d(dense, [m.counts.length, m.width]), m)));
      });
    }
    return this.finalScorer.score(users, items);
  }

  /** The current layout (copies); it changes during dynamic sparse training. */
  sparseLayout(): SparseLayoutV1 {
    const m = this.model;
    return { specificationVersion: 'v1', maxSize: m.maxSize, users: this.side(m, 'users').toRows(), items: this.side(m, 'items').toRows() };
  }

  /** Users' or items' part of the table as a {@link SparseEmbeddingTable} (copies). */
  table(side: 'users' | 'items'): SparseEmbeddingTable {
    return this.side(this.model, side);
  }

  private side(m: Model, side: 'users' | 'items'): SparseEmbeddingTable {
    const [from, to] = side === 'users' ? [0, m.numUsers] : [m.numUsers, m.numUsers + m.numItems];
    const start = m.offsets[from];
    const end = m.offsets[to];
    const offsets = new Float64Array(to - from + 1);
    for (let r = from; r <= to; r++) offsets[r - from] = m.offsets[r] - start;
    const rows = { counts: m.counts.subarray(from, to), offsets, indices: m.indices.subarray(start, end) };
    return new SparseEmbeddingTable(m.maxSize, rows, m.values.subarray(start, end));
  }

  embeddings(): SparseEmbeddingState {
    const m = this.model;
    const users = this.side(m, 'users');
    const items = this.side(m, 'items');
    return {
      users: users.toRagged(),
      items: items.toRagged(),
      sparseLayout: { specificationVersion: 'v1', maxSize: m.maxSize, users: users.toRows(), items: items.toRows() },
    };
  }

  /** Bytes stored for the embeddings: 4 per active value plus the indices (1 each when MAX <= 256). */
  memoryBytes(): number {
    const m = this.model;
    return m.values.byteLength + m.indices.byteLength;
  }

  /** Bytes of index storage alone (included in {@link memoryBytes}). */
  indexBytes(): number {
    return this.model.indices.byteLength;
  }

  /** Bytes of optimiser state (Adam's two moments): 8 per active value. */
  optimizerBytes(): number {
    return this.model.adam.bytes();
  }

  /** Bytes of training-only scratch: the regrowth accumulator (rows x MAX floats) while the mask may still change, else 0. */
  scratchBytes(): number {
    return this.model.accumulator?.byteLength ?? 0;
  }

  /** Active parameters (what the budget counts); constant through dynamic sparse training. */
  activeParameters(): number {
    return this.model.values.length;
  }

  /** Mask updates so far since `build`. */
  maskUpdates(): readonly MaskUpdate[] {
    return this.updates;
  }

  /** Optimiser steps taken since `build`. */
  get stepCount(): number {
    return this.steps;
  }

  snapshot(): Snapshot {
    const m = this.model;
    return {
      kind: this.name,
      meta: {
        steps: this.steps,
        numUsers: m.numUsers,
        numItems: m.numItems,
        maxSize: m.maxSize,
        layers: this.options.layers,
        adam: m.adam.meta(),
        mode: m.training.mode,
        updates: this.updates.map((u) => ({ ...u })),
      },
      arrays: {
        counts: m.counts.slice(),
        indices: m.indices.slice(),
        values: m.values.slice(),
        adamFirstMoment: m.adam.firstMoment.slice(),
        adamSecondMoment: m.adam.secondMoment.slice(),
      },
    };
  }

  /**
   * Restores a snapshot of a model over the same population and active total (its mask
   * may differ from the built one: dynamic sparse training moves it).
   */
  restore(snapshot: Snapshot): void {
    const m = this.model;
    if (snapshot.kind !== this.name) throw new Error(`restore: snapshot was written by "${snapshot.kind}", not "${this.name}"`);
    if (snapshot.meta.numUsers !== m.numUsers || snapshot.meta.numItems !== m.numItems || snapshot.meta.maxSize !== m.maxSize) {
      throw new Error(`restore: snapshot is for ${String(snapshot.meta.numUsers)} users / ${String(snapshot.meta.numItems)} items at MAX ${String(snapshot.meta.maxSize)}, the model has ${m.numUsers} / ${m.numItems} at MAX ${m.maxSize}`);
    }
    const counts = snapshot.arrays.counts as Int32Array;
    const values = snapshot.arrays.values as Float32Array;
    const indices = snapshot.arrays.indices;
    if (!(counts instanceof Int32Array) || counts.length !== m.counts.length) throw new Error(`restore: snapshot "counts" must be an Int32Array of ${m.counts.length} entries`);
    if (!(values instanceof Float32Array) || values.length !== m.values.length) {
      throw new Error(`restore: snapshot holds ${values?.length} active values, the model ${m.values.length}; restore needs a model built with the same budget`);
    }
    const offsets = new Float64Array(counts.length + 1);
    for (let r = 0; r < counts.length; r++) offsets[r + 1] = offsets[r] + counts[r];
    if (!indices || indices.length !== values.length || indexBytesPerEntry(m.maxSize) !== indices.BYTES_PER_ELEMENT) {
      throw new Error(`restore: snapshot "indices" must hold ${values.length} entries of ${indexBytesPerEntry(m.maxSize)} byte(s)`);
    }
    const layout = splitRows(m.maxSize, m.numUsers, { counts, offsets, indices: indices as Uint8Array });
    assertSparseLayout(layout, { numUsers: m.numUsers, numItems: m.numItems });
    m.counts = counts.slice();
    m.offsets = offsets;
    m.indices = (indices as Uint8Array).slice();
    m.values = values.slice();
    const adam = snapshot.meta.adam as { step: number };
    m.adam.restore(snapshot.arrays.adamFirstMoment as Float32Array, snapshot.arrays.adamSecondMoment as Float32Array, adam.step);
    this.steps = snapshot.meta.steps as number;
    this.updates = ((snapshot.meta.updates as unknown as MaskUpdate[] | undefined) ?? []).map((u) => ({ ...u }));
    m.accumulator = null;
    this.relayout(m);
    this.invalidate();
  }

  private invalidate(): void {
    this.finalScorer?.invalidate();
    this.finalScorer = null;
  }

  dispose(): void {
    this.invalidate();
  }
}
