import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, Scalar, Tensor, Tensor1D, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, viewOf } from '@scall/backend-memory';
import { SUM_SQUARED_ROWS, SUM_SQUARED_ROWS_GRAD } from './kernel-names.js';
import { registerDirectKernel, usesDirectKernels } from './kernel-registration.js';

/** How often each row occurs in `indices` (checked against the row count). */
function rowCounts(backend: object, inputs: { indices?: unknown }, numRows: number): Float32Array {
  const idx = viewOf<Int32Array>(backend, inputs.indices as TensorInfo);
  const counts = new Float32Array(numRows);
  for (let b = 0; b < idx.length; b++) {
    const r = idx[b];
    if (!(r >= 0 && r < numRows)) throw new RangeError(`sumSquaredRows: indices[${b}] = ${r} is outside [0, ${numRows})`);
    counts[r]++;
  }
  return counts;
}

// Both kernels walk the matrix once, in order, weighting each row by its count: work is
// O(rows x width + batch) instead of O(batch x width) random row reads.
const kernel: KernelFunc = ({ inputs, backend }) => {
  const xi = inputs.x as TensorInfo;
  const [numRows, width] = xi.shape;
  const out = allocateOutput(backend, []);
  const x = viewOf<Float32Array>(backend, xi);
  const counts = rowCounts(backend, inputs, numRows);
  let total = 0;
  for (let r = 0; r < numRows; r++) {
    const n = counts[r];
    if (n === 0) continue;
    const base = r * width;
    let row = 0;
    for (let k = 0; k < width; k++) row += x[base + k] * x[base + k];
    total += n * row;
  }
  viewOf<Float32Array>(backend, out)[0] = total;
  return out;
};

const gradKernel: KernelFunc = ({ inputs, backend }) => {
  const xi = inputs.x as TensorInfo;
  const [numRows, width] = xi.shape;
  const out = allocateOutput(backend, [numRows, width]);
  const two = 2 * viewOf<Float32Array>(backend, inputs.dy as TensorInfo)[0];
  const x = viewOf<Float32Array>(backend, xi);
  const g = viewOf<Float32Array>(backend, out);
  const counts = rowCounts(backend, inputs, numRows);
  for (let r = 0; r < numRows; r++) {
    const n = counts[r];
    if (n === 0) continue;
    const c = two * n;
    const base = r * width;
    for (let k = 0; k < width; k++) g[base + k] = c * x[base + k];
  }
  return out;
};

function register(): void {
  registerDirectKernel(SUM_SQUARED_ROWS_GRAD, gradKernel);
  registerDirectKernel(SUM_SQUARED_ROWS, kernel, {
    kernelName: SUM_SQUARED_ROWS,
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved) => {
      const [x, indices] = saved;
      return {
        x: () => tf.engine().runKernel(SUM_SQUARED_ROWS_GRAD, { dy: dy as Tensor, x, indices }) as Tensor2D,
        indices: () => tf.zerosLike(indices),
      };
    },
  });
}

/**
 * `sum_b ||x[indices[b]]||^2` (repeated rows count each time): the L2 term on a batch's
 * rows, one fused kernel with a fused gradient on cpu and wasm.
 *
 * @example
 * const l2 = tf.mul(sumSquaredRows(layer0, batchNodes), 1e-4 / batchSize);
 */
export function sumSquaredRows(x: Tensor2D, indices: Tensor1D): Scalar {
  if (x.rank !== 2 || x.dtype !== 'float32') throw new TypeError(`sumSquaredRows: x must be a 2-D float32 tensor (got shape [${x.shape}], ${x.dtype})`);
  if (indices.rank !== 1 || indices.dtype !== 'int32') {
    throw new TypeError(`sumSquaredRows: indices must be a 1-D int32 tensor (got rank ${indices.rank}, ${indices.dtype})`);
  }
  if (!usesDirectKernels()) return tf.tidy(() => tf.sum(tf.square(tf.gather(x, indices))));
  register();
  return tf.engine().runKernel(SUM_SQUARED_ROWS, { x, indices }) as Scalar;
}
