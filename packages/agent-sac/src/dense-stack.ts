import type { Rng } from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';

/**
 * A trained tensor and its master copy in JavaScript memory. Optimisers and Polyak
 * averaging update `values` in fused loops and then {@link Parameter.upload} it; the
 * copy also makes snapshots cheap.
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

/** One input of a {@link DenseStack}'s first layer. */
export interface DenseInput {
  /** Used in parameter names when there is more than one input. */
  readonly name: string;
  readonly width: number;
  /** Whether gradients must flow back into this input (false for data such as states). */
  readonly needsGradient: boolean;
}

type DenseOp = (x: tf.Tensor, w: tf.Tensor) => tf.Tensor2D;
type Save = (tensors: tf.Tensor[]) => void;
let denseOps: { withInputGradient: DenseOp; weightGradientOnly: DenseOp } | undefined;

/**
 * `x · w` with gradients built from plain matMuls. The wasm backend's matMul is fast
 * only without transposes (its transposed forms run several times slower), and tfjs's
 * own matMul gradient uses them; an explicit small transpose is cheaper. The
 * weight-only form skips the input gradient for data inputs.
 */
function dense(): NonNullable<typeof denseOps> {
  denseOps ??= {
    withInputGradient: tf.customGrad((x, w, save) => {
      (save as Save)([x as tf.Tensor, w as tf.Tensor]);
      return {
        value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
        gradFunc: (dy, [xs, ws]) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(ws as tf.Tensor2D)), tf.matMul(tf.transpose(xs as tf.Tensor2D), dy as tf.Tensor2D)],
      };
    }) as DenseOp,
    weightGradientOnly: tf.customGrad((x, w, save) => {
      (save as Save)([x as tf.Tensor]);
      return {
        value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
        gradFunc: (dy, [xs]) => [tf.zerosLike(xs), tf.matMul(tf.transpose(xs as tf.Tensor2D), dy as tf.Tensor2D)],
      };
    }) as DenseOp,
  };
  return denseOps;
}

/**
 * A stack of fully connected layers with ReLU between layers (and after the last one
 * when `activateLast`). The first layer may take several inputs (a critic's state and
 * action), each with its own kernel: mathematically one layer over their
 * concatenation. Kernels are Xavier-uniform over the whole fan-in from the given
 * {@link Rng}, biases zero, as the SCALL reference. Parameters are ordered
 * `[kernel0 (one per input), bias0, kernel1, bias1, ...]`.
 */
export class DenseStack {
  readonly parameters: Parameter[] = [];
  /** Snapshot names of the parameters, without prefix, e.g. `0.kernel`. */
  readonly parameterNames: string[] = [];

  constructor(
    readonly inputs: readonly DenseInput[],
    /** Widths after the input: hidden layers then the output. */
    readonly widths: readonly number[],
    readonly activateLast: boolean,
    init: Rng | DenseStack,
  ) {
    const fanIn0 = inputs.reduce((sum, input) => sum + input.width, 0);
    const layerIn = [fanIn0, ...widths.slice(0, -1)];
    let p = 0;
    const make = (name: string, shape: number[], fresh: () => Float32Array) => {
      const values = init instanceof DenseStack ? Float32Array.from(init.parameters[p].values) : fresh();
      p += 1;
      this.parameters.push(new Parameter(shape, values));
      this.parameterNames.push(name);
    };
    for (let l = 0; l < widths.length; l++) {
      const fanOut = widths[l];
      if (l === 0) {
        // One Xavier draw over the full fan-in, split by rows between the inputs.
        const kernel = init instanceof DenseStack ? undefined : xavierUniform(init, fanIn0, fanOut);
        let row = 0;
        for (const input of inputs) {
          const name = inputs.length === 1 ? '0.kernel' : `0.kernel.${input.name}`;
          const start = row * fanOut;
          make(name, [input.width, fanOut], () => (kernel as Float32Array).slice(start, start + input.width * fanOut));
          row += input.width;
        }
      } else {
        make(`${l}.kernel`, [layerIn[l], fanOut], () => xavierUniform(init as Rng, layerIn[l], fanOut));
      }
      make(`${l}.bias`, [fanOut], () => new Float32Array(fanOut));
    }
  }

  /** The variables, in parameter order. */
  get variables(): tf.Variable[] {
    return this.parameters.map((p) => p.variable);
  }

  /** Applies the stack to one `[batch, width]` tensor per input. */
  apply(xs: readonly tf.Tensor2D[]): tf.Tensor2D {
    const ops = dense();
    let p = 0;
    let h: tf.Tensor | undefined;
    this.inputs.forEach((input, i) => {
      const op = input.needsGradient ? ops.withInputGradient : ops.weightGradientOnly;
      const part = op(xs[i], this.parameters[p++].variable);
      h = h ? tf.add(h, part) : part;
    });
    for (let l = 0; l < this.widths.length; l++) {
      if (l > 0) h = ops.withInputGradient(h as tf.Tensor, this.parameters[p++].variable);
      h = tf.add(h as tf.Tensor, this.parameters[p++].variable);
      if (l < this.widths.length - 1 || this.activateLast) h = tf.relu(h);
    }
    return h as tf.Tensor2D;
  }

  /** Frees the variables. */
  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }
}

/** Xavier (Glorot) uniform values for a `fanIn x fanOut` kernel, row-major. */
export function xavierUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}
