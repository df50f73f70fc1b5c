import { createEmbeddingTable } from '@scall/embedding-table';
import {
  createIndexArray,
  indexBytesPerEntry,
  isSparseEmbeddingState,
  type EmbeddingState,
  type RaggedEmbeddings,
  type Rng,
  type SparseRowsV1,
} from '@scall/spec';

/** Bytes of one stored value (float32). */
export const SPARSE_VALUE_BYTES = 4;

/**
 * An element-wise sparse embedding table: entity `e` stores `counts[e]` float32 values,
 * one per active dimension, and the dimension of each value (`indices`, ascending per
 * entity, one byte each when `maxSize <= 256`). Nothing MAX-wide is stored.
 */
export class SparseEmbeddingTable implements SparseRowsV1 {
  readonly maxSize: number;
  readonly counts: Int32Array;
  readonly offsets: Float64Array;
  readonly indices: Uint8Array | Uint16Array | Uint32Array;
  readonly values: Float32Array;

  /** A table over `rows` (copied); values default to zeros. */
  constructor(maxSize: number, rows: SparseRowsV1, values?: Float32Array) {
    const total = rows.offsets[rows.counts.length];
    if (values && values.length !== total) throw new RangeError(`SparseEmbeddingTable: ${values.length} values given for ${total} active dimensions`);
    this.maxSize = maxSize;
    this.counts = rows.counts.slice();
    this.offsets = rows.offsets.slice();
    this.indices = createIndexArray(maxSize, total);
    this.indices.set(rows.indices);
    this.values = values ? values.slice() : new Float32Array(total);
  }

  /** Number of entities. */
  get count(): number {
    return this.counts.length;
  }

  /** Active parameters (what the budget counts). */
  get parameters(): number {
    return this.values.length;
  }

  /** Bytes of values plus indices: `(4 + indexBytesPerEntry(maxSize))` per active parameter. */
  bytes(): number {
    return this.values.byteLength + this.indices.byteLength;
  }

  /** Bytes of index storage alone. */
  indexBytes(): number {
    return this.indices.byteLength;
  }

  /** The dense row of entity `e` at `width` (>= its largest index + 1), zeros where inactive. */
  denseRow(e: number, width = this.maxSize): Float32Array {
    const out = new Float32Array(width);
    for (let k = this.offsets[e]; k < this.offsets[e + 1]; k++) out[this.indices[k]] = this.values[k];
    return out;
  }

  /** The rows (copies) as the spec's {@link SparseRowsV1}. */
  toRows(): SparseRowsV1 {
    return { counts: this.counts.slice(), offsets: this.offsets.slice(), indices: this.indices.slice() };
  }

  /** Values as plain ragged embeddings (sizes = active counts), copies. */
  toRagged(): RaggedEmbeddings {
    return { sizes: this.counts.slice(), offsets: this.offsets.slice(), values: this.values.slice() };
  }
}

/** Options of {@link initSparseValues}. */
export interface SparseInitOptions {
  /** Standard deviation of the N(0, std^2) initialiser. Default 0.01. */
  readonly std?: number;
  /** Dimensions a surviving entity gained: `"normal"` (default) or `"zero"`. */
  readonly grown?: 'normal' | 'zero';
}

/**
 * Values for `rows` continuing `previous` (one side of an {@link EmbeddingState}): a
 * surviving entity keeps the value of every active dimension it had before — matched by
 * dimension when `previous` came from a sparse table (`previousRows`), by prefix
 * position otherwise — and its other dimensions are initialised as `grown` says; new
 * entities are drawn from N(0, std^2). Without `previous`, every value is drawn.
 * Draws happen in entity order from `rng`.
 */
export function initSparseValues(
  maxSize: number,
  rows: SparseRowsV1,
  rng: Rng,
  options: SparseInitOptions = {},
  previous?: RaggedEmbeddings,
  previousRows?: SparseRowsV1,
): Float32Array {
  const std = options.std ?? 0.01;
  const grown = options.grown ?? 'normal';
  if (grown !== 'normal' && grown !== 'zero') throw new RangeError(`initSparseValues: option "grown" must be "normal" or "zero" (got "${String(grown)}")`);
  const n = rows.counts.length;
  const total = rows.offsets[n];
  const values = new Float32Array(total);
  if (total === 0) return values;
  const normals = createEmbeddingTable(Int32Array.of(total), rng, { std }).values;
  const prevCount = previous ? previous.sizes.length : 0;
  if (previous && previous.offsets.length !== prevCount + 1) {
    throw new RangeError(`initSparseValues: previous offsets has length ${previous.offsets.length}, expected ${prevCount + 1}`);
  }
  const dense = new Float32Array(maxSize);
  const known = new Uint8Array(maxSize);
  for (let e = 0; e < n; e++) {
    const start = rows.offsets[e];
    const end = rows.offsets[e + 1];
    if (!previous || e >= prevCount) {
      values.set(normals.subarray(start, end), start);
      continue;
    }
    known.fill(0);
    const ps = previous.offsets[e];
    const pe = previous.offsets[e + 1];
    for (let k = ps; k < pe; k++) {
      const d = previousRows ? previousRows.indices[k] : k - ps;
      if (d < maxSize) {
        dense[d] = previous.values[k];
        known[d] = 1;
      }
    }
    for (let k = start; k < end; k++) {
      const d = rows.indices[k];
      values[k] = known[d] ? dense[d] : grown === 'normal' ? normals[k] : 0;
    }
  }
  return values;
}

/** The sparse rows of one side of a warm start, when it came from a sparse table. */
export function previousSparseRows(state: EmbeddingState | undefined, side: 'users' | 'items'): SparseRowsV1 | undefined {
  return state && isSparseEmbeddingState(state) ? state.sparseLayout[side] : undefined;
}

/** Bytes of index storage for `active` parameters of a MAX-wide table. */
export function indexBytes(active: number, maxSize: number): number {
  return active * indexBytesPerEntry(maxSize);
}
