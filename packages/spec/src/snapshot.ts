/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A typed numeric array accepted inside a {@link Snapshot}. */
export type SnapshotArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint16Array | Uint8Array;

/**
 * A checkpoint of a plug-in's state: a small JSON part plus named binary arrays
 * (weights, optimiser moments, replay buffers). Runners write it to disk as-is, so a
 * killed run can resume and produce identical results.
 */
export interface Snapshot {
  /** Which plug-in wrote it (its `name`), checked on restore. */
  readonly kind: string;
  /** JSON-serialisable state (hyperparameters, counters, RNG states). */
  readonly meta: { [key: string]: JsonValue };
  /** Named binary arrays. */
  readonly arrays: { [name: string]: SnapshotArray };
}
