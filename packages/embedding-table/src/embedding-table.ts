import type { RaggedEmbeddings, Rng } from '@scall/spec';
import { fillNormal } from '@scall/rng';
import { raggedOffsets } from './ragged-offsets.js';

/** Bytes per stored float32 value. */
export const VALUE_BYTES = 4;

/**
 * A ragged embedding table: entity e stores exactly `sizes[e]` float32 values, packed
 * back to back in `values` from `offsets[e]`. Nothing is stored at MAX width.
 *
 * Memory: {@link EmbeddingTable.bytes} = 4 x sum of sizes (the parameters, what a budget
 * counts); the index (`sizes` as int32 plus `offsets` as float64) adds
 * {@link EmbeddingTable.indexBytes} = 4n + 8(n + 1) bytes for n entities.
 */
export class EmbeddingTable implements RaggedEmbeddings {
  readonly sizes: Int32Array;
  readonly offsets: Float64Array;
  readonly values: Float32Array;

  /** Wraps `values` (which may be a view into a larger buffer) laid out by `sizes`. */
  constructor(sizes: Int32Array, values?: Float32Array) {
    this.sizes = sizes;
    this.offsets = raggedOffsets(sizes);
    const total = this.offsets[sizes.length];
    if (values && values.length !== total) {
      throw new RangeError(`EmbeddingTable: values has ${values.length} floats but the sizes sum to ${total}`);
    }
    this.values = values ?? new Float32Array(total);
  }

  /** Number of entities. */
  get count(): number {
    return this.sizes.length;
  }

  /** Total stored parameters (sum of sizes). */
  get parameters(): number {
    return this.values.length;
  }

  /** Bytes of stored parameters: exactly 4 x sum of sizes. */
  bytes(): number {
    return VALUE_BYTES * this.values.length;
  }

  /** Bytes of the index (int32 sizes and float64 offsets): 4n + 8(n + 1). */
  indexBytes(): number {
    return this.sizes.byteLength + this.offsets.byteLength;
  }

  /** Entity e's values (a view, not a copy). */
  row(e: number): Float32Array {
    if (!(e >= 0 && e < this.sizes.length)) throw new RangeError(`EmbeddingTable.row: entity ${e} is outside [0, ${this.sizes.length})`);
    return this.values.subarray(this.offsets[e], this.offsets[e + 1]);
  }

  /** An independent copy. */
  clone(): EmbeddingTable {
    return new EmbeddingTable(this.sizes.slice(), this.values.slice());
  }

  /** A copy as plain {@link RaggedEmbeddings} (the spec's exchange shape). */
  toRagged(): RaggedEmbeddings {
    return { sizes: this.sizes.slice(), offsets: this.offsets.slice(), values: this.values.slice() };
  }
}

/** Options of {@link createEmbeddingTable} and {@link warmStartTable}. */
export interface EmbeddingInitOptions {
  /** Standard deviation of the N(0, std^2) initialiser. Default 0.01 (SCALL §4). */
  readonly std?: number;
}

/**
 * A fresh table with every value drawn from N(0, std^2) using `rng`, in entity order.
 *
 * @example
 * const table = createEmbeddingTable(plan.userSizes, createRng(1));
 */
export function createEmbeddingTable(sizes: Int32Array, rng: Rng, options: EmbeddingInitOptions = {}): EmbeddingTable {
  const table = new EmbeddingTable(Int32Array.from(sizes));
  fillNormal(rng, table.values, 0, options.std ?? 0.01);
  return table;
}

/** Options of {@link warmStartTable}. */
export interface WarmStartOptions extends EmbeddingInitOptions {
  /** How dimensions an entity gained are initialised: `"normal"` (N(0, std^2), default) or `"zero"`. */
  readonly grown?: 'normal' | 'zero';
}

/**
 * A table for new `sizes` that continues `previous`: entity e < previous count keeps
 * its first min(old, new) values exactly, grown dimensions are initialised (seeded,
 * see {@link WarmStartOptions.grown}), a shrunk tail is dropped; entities beyond the
 * previous count are drawn from N(0, std^2). Draws happen in entity order.
 *
 * @example
 * const next = warmStartTable(previous.users, plan.userSizes, rng);
 */
export function warmStartTable(previous: RaggedEmbeddings, sizes: Int32Array, rng: Rng, options: WarmStartOptions = {}): EmbeddingTable {
  const std = options.std ?? 0.01;
  const grown = options.grown ?? 'normal';
  if (grown !== 'normal' && grown !== 'zero') throw new RangeError(`warmStartTable: option "grown" must be "normal" or "zero" (got "${String(grown)}")`);
  const prevCount = previous.sizes.length;
  if (previous.offsets.length !== prevCount + 1) {
    throw new RangeError(`warmStartTable: previous offsets has length ${previous.offsets.length}, expected ${prevCount + 1}`);
  }
  const table = new EmbeddingTable(Int32Array.from(sizes));
  for (let e = 0; e < table.count; e++) {
    const row = table.values.subarray(table.offsets[e], table.offsets[e + 1]);
    let kept = 0;
    if (e < prevCount) {
      kept = Math.min(previous.sizes[e], row.length);
      const start = previous.offsets[e];
      row.set(previous.values.subarray(start, start + kept));
    }
    if (kept < row.length && (e >= prevCount || grown === 'normal')) fillNormal(rng, row.subarray(kept), 0, std);
  }
  return table;
}
