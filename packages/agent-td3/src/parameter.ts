import * as tf from '@tensorflow/tfjs-core';

/**
 * A trained tensor with its master copy in JavaScript memory: the optimiser and Polyak
 * averaging update {@link Parameter.values} in plain loops, then {@link Parameter.upload}
 * it, and snapshots read it without a device round trip.
 */
export class Parameter {
  readonly variable: tf.Variable;

  constructor(
    readonly shape: readonly number[],
    readonly values: Float32Array,
  ) {
    const initial = tf.tensor(Float32Array.from(values), [...shape], 'float32');
    this.variable = tf.variable(initial, true);
    initial.dispose();
  }

  /** Writes {@link Parameter.values} to the tensor. */
  upload(): void {
    // A copy: the cpu backend keeps a reference to the array it is given.
    const next = tf.tensor(Float32Array.from(this.values), [...this.shape], 'float32');
    this.variable.assign(next);
    next.dispose();
  }

  /** Replaces the values (e.g. from a snapshot) and uploads them. */
  load(values: ArrayLike<number>): void {
    this.values.set(values);
    this.upload();
  }

  dispose(): void {
    this.variable.dispose();
  }
}
