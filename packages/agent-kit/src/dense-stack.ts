import type { Rng } from '@scall/spec';
import * as tf from '@tensorflow/tfjs-core';
import { Parameter } from './parameter.js';

/** One input of a {@link DenseStack}'s first layer. */
export interface DenseInput {
  /** Used in parameter names when there is more than one input. */
  readonly name: string;
  readonly width: number;
  /** Whether gradients must flow back into this input (false for data such as states). */
  readonly needsGradient: boolean;
}

/** What the last layer of a {@link DenseStack} applies (hidden layers always apply ReLU). */
export type DenseOutput = 'linear' | 'relu' | 'tanh';

/**
 * How a {@link DenseStack} draws its initial weights. `xavier-uniform`: kernels
 * U(±sqrt(6 / (fanIn + fanOut))), biases zero (the SCALL reference). `torch-default`:
 * kernels and then biases U(±1 / sqrt(fanIn)), layer by layer (PyTorch's `nn.Linear`
 * default, which the CIESS code relies on).
 */
export type DenseInitialisation = 'xavier-uniform' | 'torch-default';

/** The shape of a {@link DenseStack}. */
export interface DenseStackLayout {
  /** The first layer's inputs; several inputs are one layer over their concatenation. */
  readonly inputs: readonly DenseInput[];
  /** Widths after the input: hidden layers, then the output. */
  readonly widths: readonly number[];
  /** The last layer's activation. Default `"linear"`. */
  readonly output?: DenseOutput;
  /** Default `"xavier-uniform"`. */
  readonly initialisation?: DenseInitialisation;
}

type DenseOp = (w: tf.Tensor, x: tf.Tensor) => tf.Tensor2D;
type Save = (tensors: tf.Tensor[]) => void;
let denseOps: { withInputGradient: DenseOp; weightGradientOnly: DenseOp } | undefined;

/**
 * `w · x` for a kernel `w` of shape `[out, in]` and activations `x` of shape
 * `[in, batch]`, with gradients built from untransposed matMuls. On the wasm backend
 * (XNNPACK) the right-hand operand of a matMul is packed once per tensor; keeping the
 * kernels on the left means a freshly updated kernel is never repacked, and the
 * transposed matMul forms tfjs's own gradient uses run several times slower than
 * an explicit small transpose. The weight-only form skips the input gradient for
 * data inputs.
 */
function dense(): NonNullable<typeof denseOps> {
  denseOps ??= {
    withInputGradient: tf.customGrad((w, x, save) => {
      (save as Save)([w as tf.Tensor, x as tf.Tensor]);
      return {
        value: tf.matMul(w as tf.Tensor2D, x as tf.Tensor2D),
        gradFunc: (dy, [ws, xs]) => [
          tf.matMul(dy as tf.Tensor2D, tf.transpose(xs as tf.Tensor2D)),
          // w^T · dy: transposing w costs less than XNNPACK packing a fresh right-hand kernel.
          tf.matMul(tf.transpose(ws as tf.Tensor2D), dy as tf.Tensor2D),
        ],
      };
    }) as DenseOp,
    weightGradientOnly: tf.customGrad((w, x, save) => {
      (save as Save)([x as tf.Tensor]);
      return {
        value: tf.matMul(w as tf.Tensor2D, x as tf.Tensor2D),
        gradFunc: (dy, [xs]) => [tf.matMul(dy as tf.Tensor2D, tf.transpose(xs as tf.Tensor2D)), tf.zerosLike(xs)],
      };
    }) as DenseOp,
  };
  return denseOps;
}

/**
 * A stack of fully connected layers with ReLU between layers and the layout's `output`
 * activation after the last one. It works on activations laid out feature-major,
 * `[width, batch]`, and stores kernels as `[out, in]` (PyTorch's `nn.Linear` layout).
 * The first layer may take several inputs (a critic's state and action), each with its
 * own kernel: mathematically one layer over their concatenation, its kernel drawn once
 * over the whole fan-in and split by columns. Parameters are ordered `[kernel0 (one per
 * input), bias0, kernel1, bias1, ...]` and named `0.kernel` (`0.kernel.<input>` with
 * several inputs), `0.bias`, `1.kernel`, ...
 *
 * @example
 * const critic = new DenseStack({ inputs: [{ name: 'state', width: 4, needsGradient: false }], widths: [16, 1] }, createRng(1));
 * const target = new DenseStack(critic.layout, critic); // same weights
 * const q = critic.apply([tf.zeros([4, 8])]); // [1, 8]
 * target.polyakFrom(critic, 0.005);
 */
export class DenseStack {
  readonly parameters: Parameter[] = [];
  /** Snapshot names of the parameters, without prefix, e.g. `0.kernel`. */
  readonly parameterNames: string[] = [];
  readonly inputs: readonly DenseInput[];
  readonly widths: readonly number[];
  readonly output: DenseOutput;

  /** A fresh stack with weights drawn from `init`, or a copy of `init`'s weights (for target networks). */
  constructor(
    readonly layout: DenseStackLayout,
    init: Rng | DenseStack,
  ) {
    const { inputs, widths } = layout;
    if (inputs.length === 0 || widths.length === 0) throw new RangeError(`DenseStack needs at least one input and one layer (got ${inputs.length} inputs, widths [${widths.join(', ')}])`);
    this.inputs = inputs;
    this.widths = widths;
    this.output = layout.output ?? 'linear';
    const torch = (layout.initialisation ?? 'xavier-uniform') === 'torch-default';
    const fanIn0 = inputs.reduce((sum, input) => sum + input.width, 0);
    const layerIn = [fanIn0, ...widths.slice(0, -1)];
    let p = 0;
    const make = (name: string, shape: number[], fresh: () => Float32Array) => {
      const values = init instanceof DenseStack ? Float32Array.from(init.parameters[p].values) : fresh();
      p += 1;
      this.parameters.push(new Parameter(shape, values));
      this.parameterNames.push(name);
    };
    const rng = init as Rng;
    for (let l = 0; l < widths.length; l++) {
      const fanIn = layerIn[l];
      const fanOut = widths[l];
      const limit = torch ? 1 / Math.sqrt(fanIn) : Math.sqrt(6 / (fanIn + fanOut));
      if (l === 0) {
        // One draw over the full fan-in ([out, fanIn0]), split by columns between the inputs.
        const kernel = init instanceof DenseStack ? undefined : uniformValues(rng, fanIn * fanOut, limit);
        let column = 0;
        for (const input of inputs) {
          const name = inputs.length === 1 ? '0.kernel' : `0.kernel.${input.name}`;
          const first = column;
          make(name, [fanOut, input.width], () => columns(kernel as Float32Array, fanOut, fanIn0, first, input.width));
          column += input.width;
        }
      } else {
        make(`${l}.kernel`, [fanOut, fanIn], () => uniformValues(rng, fanIn * fanOut, limit));
      }
      make(`${l}.bias`, [fanOut, 1], () => (torch ? uniformValues(rng, fanOut, limit) : new Float32Array(fanOut)));
    }
  }

  /** The variables, in parameter order. */
  get variables(): tf.Variable[] {
    return this.parameters.map((p) => p.variable);
  }

  /** Applies the stack to one `[width, batch]` tensor per input; returns `[out, batch]`. */
  apply(xs: readonly tf.Tensor2D[]): tf.Tensor2D {
    const ops = dense();
    let p = 0;
    let h: tf.Tensor | undefined;
    this.inputs.forEach((input, i) => {
      const op = input.needsGradient ? ops.withInputGradient : ops.weightGradientOnly;
      const part = op(this.parameters[p++].variable, xs[i]);
      h = h ? tf.add(h, part) : part;
    });
    const last = this.widths.length - 1;
    for (let l = 0; l <= last; l++) {
      if (l > 0) h = ops.withInputGradient(this.parameters[p++].variable, h as tf.Tensor);
      h = tf.add(h as tf.Tensor, this.parameters[p++].variable);
      if (l < last || this.output === 'relu') h = tf.relu(h);
      else if (this.output === 'tanh') h = tf.tanh(h);
    }
    return h as tf.Tensor2D;
  }

  /** `this <- tau * source + (1 - tau) * this`, parameter by parameter (Polyak averaging of target networks). */
  polyakFrom(source: DenseStack, tau: number): void {
    this.parameters.forEach((target, i) => {
      const t = target.values;
      const s = source.parameters[i].values;
      for (let j = 0; j < t.length; j++) t[j] = tau * s[j] + (1 - tau) * t[j];
      target.upload();
    });
  }

  /** Frees the variables. */
  dispose(): void {
    for (const p of this.parameters) p.dispose();
  }
}

/** Columns `[first, first + count)` of a row-major `rows x cols` matrix. */
function columns(matrix: Float32Array, rows: number, cols: number, first: number, count: number): Float32Array {
  const out = new Float32Array(rows * count);
  for (let r = 0; r < rows; r++) out.set(matrix.subarray(r * cols + first, r * cols + first + count), r * count);
  return out;
}

/** `count` values drawn from U(-limit, limit), in order. */
function uniformValues(rng: Rng, count: number, limit: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}

/**
 * Xavier (Glorot) uniform values for a kernel with the given fans (`fanIn * fanOut`
 * values, drawn in order from `rng`): U(±sqrt(6 / (fanIn + fanOut))). The layout of
 * the values is the caller's (`[out, in]` here, `[in, out]` for a batch-major layer).
 *
 * @example
 * const kernel = xavierUniform(createRng(1), 4, 16); // 64 values in ±sqrt(6 / 20)
 */
export function xavierUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  return uniformValues(rng, fanIn * fanOut, Math.sqrt(6 / (fanIn + fanOut)));
}
