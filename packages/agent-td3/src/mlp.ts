import type { Rng } from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';
import { Parameter } from './parameter.js';

/** What the output layer of an {@link Mlp} applies. */
export type OutputActivation = 'linear' | 'tanh';

type DenseOp = (w: tf.Tensor, x: tf.Tensor) => tf.Tensor2D;
let denseOp: DenseOp | undefined;

/**
 * `w · x` for a kernel `[out, in]` and activations `[in, batch]`, with gradients from
 * untransposed-operand matMuls. Keeping the kernel on the left means the wasm backend
 * (XNNPACK) never repacks a freshly updated kernel as a right-hand operand, and the
 * explicit small transposes cost less than tfjs's transposed matMul gradients.
 */
function dense(): DenseOp {
  denseOp ??= tf.customGrad((w, x, save) => {
    (save as (tensors: tf.Tensor[]) => void)([w as tf.Tensor, x as tf.Tensor]);
    return {
      value: tf.matMul(w as tf.Tensor2D, x as tf.Tensor2D),
      gradFunc: (dy, [ws, xs]) => [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(xs as tf.Tensor2D)),
        tf.matMul(tf.transpose(ws as tf.Tensor2D), dy as tf.Tensor2D),
      ],
    };
  }) as DenseOp;
  return denseOp;
}

/**
 * A fully connected network on feature-major activations `[width, batch]`: ReLU after
 * every hidden layer, then a linear or tanh output. Kernels are `[out, in]` (PyTorch's
 * `nn.Linear` layout), weights and biases drawn from U(-1/sqrt(fanIn), 1/sqrt(fanIn))
 * (PyTorch's default initialisation, which the CIESS code relies on). Parameters are
 * ordered `[kernel0, bias0, kernel1, bias1, ...]`.
 */
export class Mlp {
  readonly parameters: Parameter[] = [];
  /** Snapshot names of the parameters, e.g. `0.kernel`. */
  readonly parameterNames: string[] = [];

  /** A fresh network from `rng`, or a copy of `source`'s weights (for target networks). */
  constructor(
    readonly widths: readonly number[],
    readonly output: OutputActivation,
    init: Rng | Mlp,
  ) {
    if (widths.length < 2) throw new RangeError(`Mlp needs an input and an output width (got ${widths.join(', ')})`);
    for (let l = 0; l + 1 < widths.length; l++) {
      const fanIn = widths[l];
      const fanOut = widths[l + 1];
      const limit = 1 / Math.sqrt(fanIn);
      const fresh = (n: number) => {
        const out = new Float32Array(n);
        for (let i = 0; i < n; i++) out[i] = (2 * (init as Rng).next() - 1) * limit;
        return out;
      };
      const p = this.parameters.length;
      const kernel = init instanceof Mlp ? Float32Array.from(init.parameters[p].values) : fresh(fanIn * fanOut);
      const bias = init instanceof Mlp ? Float32Array.from(init.parameters[p + 1].values) : fresh(fanOut);
      this.parameters.push(new Parameter([fanOut, fanIn], kernel), new Parameter([fanOut, 1], bias));
      this.parameterNames.push(`${l}.kernel`, `${l}.bias`);
    }
  }

  /** The variables, in parameter order. */
  get variables(): tf.Variable[] {
    return this.parameters.map((p) => p.variable);
  }

  /** Applies the network to `[widths[0], batch]`; returns `[widths[last], batch]`. */
  apply(x: tf.Tensor2D): tf.Tensor2D {
    const op = dense();
    let h: tf.Tensor2D = x;
    const layers = this.parameters.length / 2;
    for (let l = 0; l < layers; l++) {
      h = tf.add(op(this.parameters[2 * l].variable, h), this.parameters[2 * l + 1].variable) as tf.Tensor2D;
      if (l < layers - 1) h = tf.relu(h);
      else if (this.output === 'tanh') h = tf.tanh(h);
    }
    return h;
  }

  /** `this <- tau * source + (1 - tau) * this`, for target networks. */
  polyakFrom(source: Mlp, tau: number): void {
    this.parameters.forEach((target, i) => {
      const t = target.values;
      const s = source.parameters[i].values;
      for (let j = 0; j < t.length; j++) t[j] = tau * s[j] + (1 - tau) * t[j];
      target.upload();
    });
  }

  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }
}
