import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, Scalar, Tensor, Tensor1D, Tensor2D, TensorInfo } from '@tensorflow/tfjs-core';
import { allocateOutput, viewOf } from '@scall/backend-memory';
import { BPR_LOSS, BPR_LOSS_GRAD } from './kernel-names.js';
import { registerDirectKernel, usesDirectKernels } from './kernel-registration.js';
import { simdBprBatch } from './simd-bpr.js';

/** softplus(z) = log(1 + e^z), stable for large |z|. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

function checkRows(idx: Int32Array, numRows: number, what: string): void {
  for (let b = 0; b < idx.length; b++) {
    if (!(idx[b] >= 0 && idx[b] < numRows)) throw new RangeError(`bprLoss: ${what}[${b}] = ${idx[b]} is outside [0, ${numRows})`);
  }
}

/** `<x_u, x_n - x_p>` per triple (b = 0..batch-1) in plain JS: the SIMD module's `diff` where it is unavailable. */
function scoreDifferences(x: Float32Array, width: number, users: Int32Array, pos: Int32Array, neg: Int32Array): Float64Array {
  const diff = new Float64Array(users.length);
  for (let b = 0; b < users.length; b++) {
    const u = users[b] * width;
    const p = pos[b] * width;
    const n = neg[b] * width;
    let d = 0;
    for (let k = 0; k < width; k++) d += x[u + k] * (x[n + k] - x[p + k]);
    diff[b] = d;
  }
  return diff;
}

/** Adds `coef[b] * d/dx <x_u, x_n - x_p>` of every triple into `g`, in plain JS. */
function addScoreDifferenceGradients(x: Float32Array, width: number, users: Int32Array, pos: Int32Array, neg: Int32Array, coef: Float64Array, g: Float32Array): void {
  for (let b = 0; b < users.length; b++) {
    const u = users[b] * width;
    const p = pos[b] * width;
    const n = neg[b] * width;
    const c = coef[b];
    for (let k = 0; k < width; k++) {
      const xu = x[u + k];
      g[u + k] += c * (x[n + k] - x[p + k]);
      g[p + k] -= c * xu;
      g[n + k] += c * xu;
    }
  }
}

const lossKernel: KernelFunc = ({ inputs, backend }) => {
  const e = inputs.embeddings as TensorInfo;
  const [numRows, width] = e.shape;
  const out = allocateOutput(backend, []);
  const x = viewOf<Float32Array>(backend, e);
  const users = viewOf<Int32Array>(backend, inputs.users as TensorInfo);
  const pos = viewOf<Int32Array>(backend, inputs.positives as TensorInfo);
  const neg = viewOf<Int32Array>(backend, inputs.negatives as TensorInfo);
  checkRows(users, numRows, 'users');
  checkRows(pos, numRows, 'positives');
  checkRows(neg, numRows, 'negatives');
  const diff = simdBprBatch(x, numRows, width, users, pos, neg)?.diff ?? scoreDifferences(x, width, users, pos, neg);
  let total = 0;
  for (let b = 0; b < users.length; b++) total += softplus(diff[b]);
  viewOf<Float32Array>(backend, out)[0] = users.length ? total / users.length : 0;
  return out;
};

const gradKernel: KernelFunc = ({ inputs, backend }) => {
  const e = inputs.embeddings as TensorInfo;
  const [numRows, width] = e.shape;
  const out = allocateOutput(backend, [numRows, width]);
  const dy = viewOf<Float32Array>(backend, inputs.dy as TensorInfo)[0];
  const x = viewOf<Float32Array>(backend, e);
  const g = viewOf<Float32Array>(backend, out);
  const users = viewOf<Int32Array>(backend, inputs.users as TensorInfo);
  const pos = viewOf<Int32Array>(backend, inputs.positives as TensorInfo);
  const neg = viewOf<Int32Array>(backend, inputs.negatives as TensorInfo);
  const scale = users.length ? dy / users.length : 0;
  const simd = simdBprBatch(x, numRows, width, users, pos, neg);
  const diff = simd?.diff ?? scoreDifferences(x, width, users, pos, neg);
  const coef = new Float64Array(users.length);
  for (let b = 0; b < users.length; b++) coef[b] = scale / (1 + Math.exp(-diff[b])); // d softplus(d) / dd = sigmoid(d)
  if (simd) simd.gradient(coef, g);
  else addScoreDifferenceGradients(x, width, users, pos, neg, coef, g);
  return out;
};

function register(): void {
  registerDirectKernel(BPR_LOSS_GRAD, gradKernel);
  registerDirectKernel(BPR_LOSS, lossKernel, {
    kernelName: BPR_LOSS,
    inputsToSave: ['embeddings', 'users', 'positives', 'negatives'],
    gradFunc: (dy, saved) => {
      const [embeddings, users, positives, negatives] = saved;
      return {
        embeddings: () => tf.engine().runKernel(BPR_LOSS_GRAD, { dy: dy as Tensor, embeddings, users, positives, negatives }) as Tensor2D,
        users: () => tf.zerosLike(users),
        positives: () => tf.zerosLike(positives),
        negatives: () => tf.zerosLike(negatives),
      };
    },
  });
}

/**
 * The BPR loss `mean_b softplus(s(u_b, n_b) - s(u_b, p_b))` with `s` the dot product of
 * rows of `embeddings` (`[nodes, d]`; users, positives and negatives are row indices).
 * On cpu and wasm it is one fused kernel whose gradient is one fused kernel (no
 * batch-sized intermediate tensors); elsewhere it is composed from tfjs ops.
 *
 * @example
 * const loss = bprLoss(finalEmbeddings, users, positiveNodes, negativeNodes);
 */
export function bprLoss(embeddings: Tensor2D, users: Tensor1D, positives: Tensor1D, negatives: Tensor1D): Scalar {
  if (embeddings.rank !== 2 || embeddings.dtype !== 'float32') {
    throw new TypeError(`bprLoss: embeddings must be a 2-D float32 tensor (got shape [${embeddings.shape}], ${embeddings.dtype})`);
  }
  for (const [name, t] of [['users', users], ['positives', positives], ['negatives', negatives]] as const) {
    if (t.rank !== 1 || t.dtype !== 'int32' || t.shape[0] !== users.shape[0]) {
      throw new TypeError(`bprLoss: ${name} must be a 1-D int32 tensor of the batch length ${users.shape[0]} (got shape [${t.shape}], ${t.dtype})`);
    }
  }
  if (!usesDirectKernels()) {
    return tf.tidy(() => {
      const u = tf.gather(embeddings, users);
      const d = tf.sum(tf.mul(u, tf.sub(tf.gather(embeddings, negatives), tf.gather(embeddings, positives))), 1);
      return tf.mean(tf.softplus(d));
    });
  }
  register();
  return tf.engine().runKernel(BPR_LOSS, { embeddings, users, positives, negatives }) as Scalar;
}
