import { initTf } from '@scall/tf-runtime';
import * as tf from '@tensorflow/tfjs-core';
import { sumSquaredRows, bprLoss } from '@scall/kernels';
const backend = (process.argv[2] ?? 'wasm') as 'wasm' | 'cpu';
await initTf({ backends: [backend] });
const N = 2625;
const x = tf.mul(tf.randomNormal([N, 64]), 0.01) as tf.Tensor2D;
const idx = tf.tensor1d(Int32Array.from({ length: 10000 }, (_, i) => (i * 7919) % N), 'int32');
const time = (name: string, f: () => tf.Tensor) => { for (let i = 0; i < 3; i++) f().dispose(); const t = performance.now(); for (let i = 0; i < 10; i++) { const r = f(); r.dataSync(); r.dispose(); } console.log(name, ((performance.now() - t) / 10).toFixed(2)); };
time('sumsq', () => sumSquaredRows(x, idx));
time('bpr', () => bprLoss(x, idx, idx, idx));
const xs = x.dataSync(); const ids = idx.dataSync();
const t = performance.now(); let tot = 0;
for (let r = 0; r < 10; r++) for (let b = 0; b < ids.length; b++) { const base = ids[b] * 64; for (let k = 0; k < 64; k++) tot += xs[base + k] * xs[base + k]; }
console.log('plain', ((performance.now() - t) / 10).toFixed(2), tot > 0);
