import type { EmbeddingState, RecommenderV1 } from './recommender.js';
import type { SearcherV1 } from './searcher.js';
import type { SizePlan } from './size-plan.js';

/**
 * Element-wise sparse rows of one entity kind: entity `e` has `counts[e]` active
 * dimensions, listed in ascending order in `indices[offsets[e] .. offsets[e + 1])`.
 * Each index is a dimension in `0..maxSize-1`. Index storage is one byte per active
 * parameter when `maxSize <= 256`, two when `maxSize <= 65536`, four otherwise (see
 * {@link indexBytesPerEntry}).
 */
export interface SparseRowsV1 {
  readonly counts: Int32Array;
  /** Length `counts.length + 1`; `offsets[counts.length]` is the total active count. */
  readonly offsets: Float64Array;
  readonly indices: Uint8Array | Uint16Array | Uint32Array;
}

/**
 * A versioned element-wise sparse layout beside {@link SizePlan}: per user and item the
 * set of active dimensions, any subset of `0..maxSize-1` (a prefix plan is the special
 * case `{0, .., size-1}`). The budget counts active parameters exactly like a size plan
 * counts sizes; index storage is reported on top (see {@link sparseLayoutBytes}).
 */
export interface SparseLayoutV1 {
  readonly specificationVersion: 'v1';
  /** Width of the full table (MAX); every index is below it. */
  readonly maxSize: number;
  readonly users: SparseRowsV1;
  readonly items: SparseRowsV1;
}

/**
 * How a sparse-aware recommender trains a {@link SparseSizePlan}.
 *
 * - `static` — the mask is fixed; only active values are trained.
 * - `frozen` — nothing is trained (`train` takes no optimiser step): the plan's
 *   `initialValues` are deployed as they are (magnitude pruning without retraining).
 * - `dynamic` — dynamic sparse training: every `regrowth.interval` steps the
 *   `dropFraction(t)` smallest-magnitude active weights are dropped and as many inactive
 *   ones regrown, so the active count never changes.
 */
export interface SparseTrainingV1 {
  readonly specificationVersion: 'v1';
  readonly mode: 'static' | 'frozen' | 'dynamic';
  /** Prune-and-regrow schedule (`dynamic` only). */
  readonly regrowth?: {
    /** Steps between two mask updates (ΔT). */
    readonly interval: number;
    /** Drop fraction of the first update (of all active parameters). */
    readonly initialDropFraction: number;
    /** Step after which the mask stays fixed; the drop fraction decays to 0 by then (cosine). */
    readonly endStep: number;
    /**
     * What ranks inactive parameters for regrowth: `'window'` — |sum of the gradients
     * of every step since the last update| (SparseRec); `'last-batch'` — |gradient of
     * the last batch| (RigL).
     */
    readonly accumulation: 'window' | 'last-batch';
  };
  /**
   * Sampled sparse backward: gradients are materialised, applied and accumulated only
   * for a sampled subset of rows (a fraction of all users + items) each step.
   */
  readonly sampledBackward?: {
    /** Fraction of rows in the subset, in (0, 1]. */
    readonly fraction: number;
  };
  /** Smallest active count an entity may be pruned to (defaults to the plan's minSize). */
  readonly minActive?: number;
}

/**
 * A {@link SizePlan} carrying an element-wise sparse layout: `userSizes[e]` /
 * `itemSizes[e]` are the entity's active counts, so every existing budget check
 * (`assertPlanWithinBudget`, the runner's) applies unchanged. A recommender that does
 * not know sparse layouts would read it as a prefix plan, so sparse searchers pair with
 * sparse-aware recommenders ({@link isSparseAwareRecommender}).
 */
export interface SparseSizePlan extends SizePlan {
  readonly sparseLayout: SparseLayoutV1;
  readonly sparseTraining?: SparseTrainingV1;
  /** Values aligned with the layout's indices (e.g. the kept weights of magnitude pruning). */
  readonly initialValues?: { readonly users: Float32Array; readonly items: Float32Array };
}

/**
 * Embeddings of a sparse-aware recommender: `users.sizes` / `items.sizes` are active
 * counts and `values` hold the active values in layout order; `sparseLayout` says which
 * dimension each value is. A reader that ignores `sparseLayout` sees a ragged table.
 */
export interface SparseEmbeddingState extends EmbeddingState {
  readonly sparseLayout: SparseLayoutV1;
}

/** Marker a recommender carries when it honours {@link SparseSizePlan}. */
export interface SparseAwareRecommender extends RecommenderV1 {
  readonly sparseLayoutVersion: 'v1';
  /** The current layout (it changes during dynamic sparse training). */
  sparseLayout(): SparseLayoutV1;
}

/** Optional extension of a searcher that plans sparse layouts: the recommender each dense one pairs with. */
export interface SparseSearcherHints {
  /** E.g. `{ lightgcn: 'sparse-lightgcn', mf: 'sparse-mf' }`. */
  readonly sparseRecommenders: Readonly<Record<string, string>>;
}

/** Bytes one stored index takes for a table of width `maxSize`: 1 up to 256, 2 up to 65,536, else 4. */
export function indexBytesPerEntry(maxSize: number): 1 | 2 | 4 {
  if (!(Number.isInteger(maxSize) && maxSize >= 1)) throw new RangeError(`maxSize must be a positive integer (got ${maxSize})`);
  return maxSize <= 256 ? 1 : maxSize <= 65_536 ? 2 : 4;
}

/** A zeroed index array of `length` entries, as narrow as `maxSize` allows. */
export function createIndexArray(maxSize: number, length: number): Uint8Array | Uint16Array | Uint32Array {
  const width = indexBytesPerEntry(maxSize);
  return width === 1 ? new Uint8Array(length) : width === 2 ? new Uint16Array(length) : new Uint32Array(length);
}

/** Active parameters of a layout: the number the budget counts. */
export function layoutParameters(layout: SparseLayoutV1): number {
  return layout.users.offsets[layout.users.counts.length] + layout.items.offsets[layout.items.counts.length];
}

/**
 * Bytes a sparse table of this layout stores: `valueBytes` (4 for float32) per active
 * value plus the index storage, `indexBytesPerEntry(maxSize)` per active value.
 */
export function sparseLayoutBytes(layout: SparseLayoutV1, valueBytes = 4): { values: number; indices: number; total: number } {
  const active = layoutParameters(layout);
  const values = active * valueBytes;
  const indices = active * indexBytesPerEntry(layout.maxSize);
  return { values, indices, total: values + indices };
}

/** Sparse rows from per-entity ascending dimension lists. */
export function sparseRowsFrom(maxSize: number, rows: readonly (readonly number[] | ArrayLike<number>)[]): SparseRowsV1 {
  const counts = new Int32Array(rows.length);
  const offsets = new Float64Array(rows.length + 1);
  for (let e = 0; e < rows.length; e++) {
    counts[e] = rows[e].length;
    offsets[e + 1] = offsets[e] + rows[e].length;
  }
  const indices = createIndexArray(maxSize, offsets[rows.length]);
  for (let e = 0; e < rows.length; e++) indices.set(Array.from(rows[e]), offsets[e]);
  return { counts, offsets, indices };
}

/** The prefix layout of a size plan: entity e is active on dimensions `0..size(e)-1`. */
export function prefixLayout(plan: Pick<SizePlan, 'userSizes' | 'itemSizes' | 'maxSize'>): SparseLayoutV1 {
  const rows = (sizes: Int32Array) => sparseRowsFrom(plan.maxSize, Array.from(sizes, (s) => Array.from({ length: s }, (_, d) => d)));
  return { specificationVersion: 'v1', maxSize: plan.maxSize, users: rows(plan.userSizes), items: rows(plan.itemSizes) };
}

/**
 * Throws a `RangeError` naming the first problem: wrong population, offsets that do not
 * match counts, an index at or beyond `maxSize`, indices not strictly ascending within an
 * entity, or an active count below `minActive`. Returns the active parameter total.
 */
export function assertSparseLayout(layout: SparseLayoutV1, expected: { numUsers?: number; numItems?: number; minActive?: number } = {}): number {
  if (layout.specificationVersion !== 'v1') throw new RangeError(`Sparse layout has specificationVersion "${String(layout.specificationVersion)}", expected "v1"`);
  indexBytesPerEntry(layout.maxSize);
  const check = (rows: SparseRowsV1, who: string, n: number | undefined) => {
    if (n !== undefined && rows.counts.length !== n) throw new RangeError(`Sparse layout has ${rows.counts.length} ${who}s, expected ${n}`);
    if (rows.offsets.length !== rows.counts.length + 1 || rows.offsets[0] !== 0) {
      throw new RangeError(`Sparse layout ${who} offsets must have length ${rows.counts.length + 1} and start at 0`);
    }
    if (rows.indices.length !== rows.offsets[rows.counts.length]) {
      throw new RangeError(`Sparse layout has ${rows.indices.length} ${who} indices but its offsets end at ${rows.offsets[rows.counts.length]}`);
    }
    for (let e = 0; e < rows.counts.length; e++) {
      const c = rows.counts[e];
      if (!(c >= (expected.minActive ?? 0) && c <= layout.maxSize)) {
        throw new RangeError(`Sparse layout: ${who} ${e} has ${c} active dimensions, outside [${expected.minActive ?? 0}, ${layout.maxSize}]`);
      }
      if (rows.offsets[e + 1] - rows.offsets[e] !== c) throw new RangeError(`Sparse layout: ${who} ${e} offsets span ${rows.offsets[e + 1] - rows.offsets[e]} values but its count is ${c}`);
      let last = -1;
      for (let k = rows.offsets[e]; k < rows.offsets[e + 1]; k++) {
        const d = rows.indices[k];
        if (!(d > last && d < layout.maxSize)) {
          throw new RangeError(`Sparse layout: ${who} ${e} has index ${d} after ${last}; indices must be strictly ascending and below maxSize ${layout.maxSize}`);
        }
        last = d;
      }
    }
  };
  check(layout.users, 'user', expected.numUsers);
  check(layout.items, 'item', expected.numItems);
  return layoutParameters(layout);
}

/**
 * A {@link SparseSizePlan} for a layout: sizes are the active counts. Throws if the
 * layout is malformed or uses more than `budgetParameters`.
 */
export function sparsePlanFromLayout(
  layout: SparseLayoutV1,
  options: {
    readonly budgetParameters: number;
    readonly minSize: number;
    readonly sparseTraining?: SparseTrainingV1;
    readonly initialValues?: SparseSizePlan['initialValues'];
  },
): SparseSizePlan {
  const total = assertSparseLayout(layout, { minActive: options.minSize });
  if (total > options.budgetParameters) {
    throw new RangeError(`Sparse layout uses ${total} active parameters, over its budget of ${options.budgetParameters} by ${total - options.budgetParameters}`);
  }
  if (options.initialValues) {
    const { users, items } = options.initialValues;
    if (users.length !== layout.users.indices.length || items.length !== layout.items.indices.length) {
      throw new RangeError(`Sparse plan initialValues hold ${users.length} / ${items.length} values, the layout has ${layout.users.indices.length} / ${layout.items.indices.length}`);
    }
  }
  return {
    userSizes: layout.users.counts.slice(),
    itemSizes: layout.items.counts.slice(),
    minSize: options.minSize,
    maxSize: layout.maxSize,
    budgetParameters: options.budgetParameters,
    sparseLayout: layout,
    ...(options.sparseTraining ? { sparseTraining: options.sparseTraining } : {}),
    ...(options.initialValues ? { initialValues: options.initialValues } : {}),
  };
}

/** Whether a plan carries a sparse layout (a {@link SparseSizePlan}). */
export function isSparseSizePlan(plan: SizePlan): plan is SparseSizePlan {
  const layout = (plan as Partial<SparseSizePlan>).sparseLayout;
  return layout !== undefined && layout.specificationVersion === 'v1';
}

/** Whether embeddings carry a sparse layout (a {@link SparseEmbeddingState}). */
export function isSparseEmbeddingState(state: EmbeddingState): state is SparseEmbeddingState {
  const layout = (state as Partial<SparseEmbeddingState>).sparseLayout;
  return layout !== undefined && layout.specificationVersion === 'v1';
}

/** Whether a recommender honours {@link SparseSizePlan} layouts. */
export function isSparseAwareRecommender(recommender: RecommenderV1): recommender is SparseAwareRecommender {
  return (recommender as Partial<SparseAwareRecommender>).sparseLayoutVersion === 'v1';
}

/**
 * The recommender a run should use with `searcher`: the sparse twin the searcher names
 * for `recommenderName` (see {@link SparseSearcherHints}), else `recommenderName`.
 *
 * @example
 * pairedRecommenderName(createSparseRecSearcher(), 'lightgcn') // 'sparse-lightgcn'
 */
export function pairedRecommenderName(searcher: SearcherV1, recommenderName: string): string {
  const hints = (searcher as Partial<SparseSearcherHints>).sparseRecommenders;
  return hints && Object.hasOwn(hints, recommenderName) ? hints[recommenderName] : recommenderName;
}
