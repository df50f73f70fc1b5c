import * as tf from '@tensorflow/tfjs-core';

/**
 * A trained tensor and its master copy in JavaScript memory. Optimisers and Polyak
 * averaging update `values` in fused loops and then {@link Parameter.upload} it; the
 * copy also makes snapshots cheap and exact (no device round trip).
 *
 * @example
 * const bias = new Parameter([3, 1], new Float32Array(3));
 * bias.values[0] = 0.5;
 * bias.upload(); // bias.variable now holds [0.5, 0, 0]
 * bias.dispose();
 */
export class Parameter {
  readonly variable: tf.Variable;
  readonly values: Float32Array;

  constructor(
    readonly shape: readonly number[],
    values: Float32Array,
  ) {
    this.values = values;
    const initial = tf.tensor(Float32Array.from(values), [...shape], 'float32');
    // A variable shares its initial tensor's data; dispose the tensor so only the variable counts.
    this.variable = tf.variable(initial, true);
    initial.dispose();
  }

  /** Writes `values` to the tensor (after an in-place change of `values`). */
  upload(): void {
    // The cpu backend keeps a reference to the array it is given, so it gets a copy;
    // wasm copies into its own heap anyway.
    const data = tf.getBackend() === 'wasm' ? this.values : Float32Array.from(this.values);
    const next = tf.tensor(data, [...this.shape], 'float32');
    this.variable.assign(next);
    next.dispose();
  }

  /** Replaces the values (e.g. from a snapshot) and uploads them. */
  load(values: ArrayLike<number>): void {
    this.values.set(values);
    this.upload();
  }

  /** Frees the variable. */
  dispose(): void {
    this.variable.dispose();
  }
}
