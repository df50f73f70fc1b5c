import type { Rng } from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A stack of fully connected layers `widths[0] -> widths[1] -> ... -> widths[n]` with
 * ReLU between layers (and after the last one when `activateLast`). Kernels are
 * Xavier-uniform from the given {@link Rng}, biases zero, as the SCALL reference.
 * Its variables are ordered `[kernel0, bias0, kernel1, bias1, ...]`.
 */
export class DenseStack {
  readonly variables: tf.Variable[];

  constructor(
    readonly widths: readonly number[],
    readonly activateLast: boolean,
    init: Rng | DenseStack,
  ) {
    this.variables = [];
    for (let l = 0; l + 1 < widths.length; l++) {
      const fanIn = widths[l];
      const fanOut = widths[l + 1];
      let kernel: Float32Array;
      let bias: Float32Array;
      if (init instanceof DenseStack) {
        kernel = init.variables[2 * l].dataSync() as Float32Array;
        bias = init.variables[2 * l + 1].dataSync() as Float32Array;
      } else {
        kernel = xavierUniform(init, fanIn, fanOut);
        bias = new Float32Array(fanOut);
      }
      this.variables.push(variableFrom(tf.tensor2d(kernel, [fanIn, fanOut])));
      this.variables.push(variableFrom(tf.tensor1d(bias)));
    }
  }

  /** Snapshot names of the variables, e.g. `actor.trunk.0.kernel`. */
  names(prefix: string): string[] {
    return this.variables.map((_, i) => `${prefix}.${Math.floor(i / 2)}.${i % 2 === 0 ? 'kernel' : 'bias'}`);
  }

  /** Applies the stack to a `[batch, widths[0]]` input. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    let h = x;
    const layers = this.variables.length / 2;
    for (let l = 0; l < layers; l++) {
      h = tf.add(tf.matMul(h, this.variables[2 * l] as tf.Tensor2D), this.variables[2 * l + 1]);
      if (l < layers - 1 || this.activateLast) h = tf.relu(h);
    }
    return h;
  }

  /** Frees the variables. */
  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

/**
 * A trainable variable holding `initial`'s values; `initial` is disposed (a tfjs
 * variable shares its initial tensor's data, so the initial tensor would otherwise
 * stay counted in `tf.memory()`).
 */
export function variableFrom(initial: tf.Tensor, trainable = true): tf.Variable {
  const variable = tf.variable(initial, trainable);
  initial.dispose();
  return variable;
}

/** Xavier (Glorot) uniform values for a `fanIn x fanOut` kernel, row-major. */
export function xavierUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}
