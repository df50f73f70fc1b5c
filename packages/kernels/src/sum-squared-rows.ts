import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, Scalar, Tensor1D, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, viewOf } from './backend-memory.js';
import { SUM_SQUARED_ROWS, SUM_SQUARED_ROWS_GRAD } from './kernel-names.js';
import { registerDirectKernel, usesDirectKernels } from './kernel-registration.js';

function rows(backend: object, inputs: { indices?: unknown }, numRows: number): Int32Array {
  const idx = viewOf<Int32Array>(backend, inputs.indices as TensorInfo);
  for (let b = 0; b < idx.length; b++) {
    if (!(idx[b] >= 0 && idx[b] < numRows)) throw new RangeError(`sumSquaredRows: indices[${b}] = ${idx[b]} is outside [0, ${numRows})`);
  }
  return idx;
}

const kernel: KernelFunc = ({ inputs, backend }) => {
  const xi = inputs.x as TensorInfo;
  const [numRows, width] = xi.shape;
  const out = allocateOutput(backend, []);
  const x = viewOf<Float32Array>(backend, xi);
  const idx = rows(backend, inputs, numRows);
  let total = 0;
  for (let b = 0; b < idx.length; b++) {
    const base = idx[b] * width;
    for (let k = 0; k < width; k++) total += x[base + k] * x[base + k];
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
  const idx = rows(backend, inputs, numRows);
  for (let b = 0; b < idx.length; b++) {
    const base = idx[b] * width;
    for (let k = 0; k < width; k++) g[base + k] += two * x[base + k];
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
        x: () => tf.engine().runKernel(SUM_SQUARED_ROWS_GRAD, { dy, x, indices }) as Tensor2D,
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
