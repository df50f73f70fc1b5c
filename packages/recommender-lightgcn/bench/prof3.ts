import { initTf } from '@scall/tf-runtime';
import * as tf from '@tensorflow/tfjs-core';
import { buildNormalizedAdjacency, sparseDenseMatMul } from '@scall/kernels';
import { loadMl100k } from './ml100k.js';
await initTf({ backends: ['wasm'] });
const split = loadMl100k(1);
const A = buildNormalizedAdjacency(split.train, split.numUsers, split.numItems);
const N = A.numRows;
const time = (name: string, f: () => tf.Tensor) => { f().dispose(); const t = performance.now(); for (let i = 0; i < 5; i++) { const r = f(); r.dataSync(); r.dispose(); } console.log(name, ((performance.now() - t) / 5).toFixed(2)); };
for (const scale of [1, 1e-2, 1e-20, 1e-36]) {
  const x = tf.mul(tf.randomNormal([N, 64]), scale) as tf.Tensor2D;
  time('spmm scale ' + scale, () => sparseDenseMatMul(A, x));
}
