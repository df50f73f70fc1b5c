import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, Tensor, Tensor1D, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, viewOf } from '@scall/backend-memory';
import { GATHER_ROWS, SCATTER_ADD_ROWS } from './kernel-names.js';
import { registerDirectKernel, usesDirectKernels } from './kernel-registration.js';

function checkIndices(indices: Int32Array, numRows: number, op: string): void {
  for (let b = 0; b < indices.length; b++) {
    const r = indices[b];
    if (!(r >= 0 && r < numRows)) throw new RangeError(`${op}: indices[${b}] = ${r} is outside [0, ${numRows})`);
  }
}

const gatherKernel: KernelFunc = ({ inputs, backend }) => {
  const x = inputs.x as TensorInfo;
  const indicesInfo = inputs.indices as TensorInfo;
  const [numRows, width] = x.shape;
  const count = indicesInfo.shape[0];
  const out = allocateOutput(backend, [count, width]);
  const xs = viewOf<Float32Array>(backend, x);
  const idx = viewOf<Int32Array>(backend, indicesInfo);
  const o = viewOf<Float32Array>(backend, out);
  checkIndices(idx, numRows, 'gatherRows');
  for (let b = 0; b < count; b++) o.set(xs.subarray(idx[b] * width, idx[b] * width + width), b * width);
  return out;
};

const scatterKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const updates = inputs.updates as TensorInfo;
  const indicesInfo = inputs.indices as TensorInfo;
  const numRows = (attrs as { numRows: number }).numRows;
  const [count, width] = updates.shape;
  const out = allocateOutput(backend, [numRows, width]);
  const u = viewOf<Float32Array>(backend, updates);
  const idx = viewOf<Int32Array>(backend, indicesInfo);
  const o = viewOf<Float32Array>(backend, out);
  checkIndices(idx, numRows, 'scatterAddRows');
  for (let b = 0; b < count; b++) {
    const ob = idx[b] * width;
    const ub = b * width;
    for (let k = 0; k < width; k++) o[ob + k] += u[ub + k];
  }
  return out;
};

function register(): void {
  registerDirectKernel(GATHER_ROWS, gatherKernel, {
    kernelName: GATHER_ROWS,
    inputsToSave: ['x', 'indices'],
    gradFunc: (dy, saved) => {
      const [x, indices] = saved;
      return {
        x: () => scatterAddRows(dy as Tensor2D, indices as Tensor1D, x.shape[0]),
        indices: () => tf.zerosLike(indices),
      };
    },
  });
  registerDirectKernel(SCATTER_ADD_ROWS, scatterKernel, {
    kernelName: SCATTER_ADD_ROWS,
    inputsToSave: ['indices'],
    gradFunc: (dy, saved) => {
      const [indices] = saved;
      return { updates: () => gatherRows(dy as Tensor2D, indices as Tensor1D), indices: () => tf.zerosLike(indices) };
    },
  });
}

function checkIndexTensor(indices: Tensor, op: string): void {
  if (indices.rank !== 1 || indices.dtype !== 'int32') {
    throw new TypeError(`${op}: indices must be a 1-D int32 tensor (got rank ${indices.rank}, ${indices.dtype})`);
  }
}

/**
 * Rows `indices` of a float32 `[n, d]` matrix, as a `[indices.length, d]` tensor. On cpu
 * and wasm its gradient is {@link scatterAddRows} (linear time; tf.gather's gradient
 * is missing on wasm and quadratic on cpu); elsewhere it is `tf.gather`.
 *
 * @example
 * const userRows = gatherRows(finalEmbeddings, tf.tensor1d(batch.users, 'int32'));
 */
export function gatherRows(x: Tensor2D, indices: Tensor1D): Tensor2D {
  checkIndexTensor(indices, 'gatherRows');
  if (x.rank !== 2 || x.dtype !== 'float32') throw new TypeError(`gatherRows: x must be a 2-D float32 tensor (got shape [${x.shape}], ${x.dtype})`);
  if (!usesDirectKernels()) return tf.gather(x, indices);
  register();
  return tf.engine().runKernel(GATHER_ROWS, { x, indices }) as Tensor2D;
}

/**
 * Adds row b of `updates` into row `indices[b]` of a zero `[numRows, d]` matrix
 * (repeated indices accumulate). Linear in the number of updated values.
 *
 * @example
 * scatterAddRows(tf.ones([2, 3]), tf.tensor1d([1, 1], 'int32'), 4); // row 1 holds 2s
 */
export function scatterAddRows(updates: Tensor2D, indices: Tensor1D, numRows: number): Tensor2D {
  checkIndexTensor(indices, 'scatterAddRows');
  if (updates.rank !== 2 || updates.shape[0] !== indices.shape[0]) {
    throw new RangeError(`scatterAddRows: updates has shape [${updates.shape}], expected [${indices.shape[0]}, d]`);
  }
  if (!usesDirectKernels()) return tf.unsortedSegmentSum(updates, indices, numRows);
  register();
  return tf.engine().runKernel(SCATTER_ADD_ROWS, { updates, indices }, { numRows } as NamedAttrMap) as Tensor2D;
}
