import { createRng } from '@scall/rng';
import { initTf } from '@scall/tf-runtime';
import { createLightGcn } from '../src/index.js';
import { loadMl100k, uniformSampler } from './ml100k.js';

const backend = (process.argv[2] ?? 'wasm') as 'wasm' | 'cpu';
const d = Number(process.argv[3] ?? 64);
await initTf({ backends: [backend] });
const split = loadMl100k(1);
const sampler = uniformSampler(split);
const model = createLightGcn();
model.build({ graph: split.train, numUsers: split.numUsers, numItems: split.numItems, plan: { userSizes: new Int32Array(split.numUsers).fill(d), itemSizes: new Int32Array(split.numItems).fill(d), minSize: 1, maxSize: 256, budgetParameters: 1e9 }, rng: createRng(1) });
const rng = createRng(2);
await model.train(2, sampler, rng);
const t0 = performance.now();
const r = await model.train(10, sampler, rng);
console.log(backend, d, ((performance.now() - t0) / 10).toFixed(1), 'ms/step', r.meanLoss);
