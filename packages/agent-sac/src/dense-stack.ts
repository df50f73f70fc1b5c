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
 * A stack of fully connected layers with ReLU between layers (and after the last one
 * when `activateLast`). It works on activations laid out feature-major, `[width,
 * batch]`, and stores kernels as `[out, in]` (PyTorch's `nn.Linear` layout). The first
 * layer may take several inputs (a critic's state and action), each with its own
 * kernel: mathematically one layer over their concatenation. Kernels are
 * Xavier-uniform over the whole fan-in from the given {@link Rng}, biases zero, as the
 * SCALL reference. Parameters are ordered `[kernel0 (one per input), bias0, kernel1,
 * bias1, ...]`.
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
        // One Xavier draw over the full fan-in ([out, fanIn0]), split by columns between the inputs.
        const kernel = init instanceof DenseStack ? undefined : xavierUniform(init, fanIn0, fanOut);
        let column = 0;
        for (const input of inputs) {
          const name = inputs.length === 1 ? '0.kernel' : `0.kernel.${input.name}`;
          const first = column;
          make(name, [fanOut, input.width], () => columns(kernel as Float32Array, fanOut, fanIn0, first, input.width));
          column += input.width;
        }
      } else {
        make(`${l}.kernel`, [fanOut, layerIn[l]], () => xavierUniform(init as Rng, layerIn[l], fanOut));
      }
      make(`${l}.bias`, [fanOut, 1], () => new Float32Array(fanOut));
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
    for (let l = 0; l < this.widths.length; l++) {
      if (l > 0) h = ops.withInputGradient(this.parameters[p++].variable, h as tf.Tensor);
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

/** Columns `[first, first + count)` of a row-major `rows x cols` matrix. */
function columns(matrix: Float32Array, rows: number, cols: number, first: number, count: number): Float32Array {
  const out = new Float32Array(rows * count);
  for (let r = 0; r < rows; r++) out.set(matrix.subarray(r * cols + first, r * cols + first + count), r * count);
  return out;
}

/** Xavier (Glorot) uniform values for a kernel with the given fans (`fanIn * fanOut` values). */
export function xavierUniform(rng: Rng, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (2 * rng.next() - 1) * limit;
  return out;
}
