// Recall@20 on ML-100K (per-user random 80/20 split, seed 1, full catalogue, training
// items masked) of a static LightGCN at uniform size 64 and of BPR-MF at size 64, each
// trained to convergence (blocks of 200 steps, Recall@20 after each block, patience 3,
// best block kept: the reference's "test" selection mode), beside popularity ranking.
// Run: pnpm --filter @scall/recommender-lightgcn bench:quality
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRng } from '@scall/rng';
import type { RecommenderV1 } from '@scall/spec';
import { initTf } from '@scall/tf-runtime';
import { GraphBprRecommender, createLightGcn } from '../src/index.js';
import { frequencies, loadMl100k, recallAtK, uniformPlan, uniformSampler } from './ml100k.js';

const BLOCK = 200;
const PATIENCE = 3;
const MAX_BLOCKS = Number(process.env.MAX_BLOCKS ?? 40);
const { backend } = await initTf({ backends: ['wasm', 'cpu'] });
const split = loadMl100k(1);
const sampler = uniformSampler(split);
const allItems = Int32Array.from({ length: split.numItems }, (_, i) => i);

async function converge(label: string, model: RecommenderV1) {
  model.build({ graph: split.train, numUsers: split.numUsers, numItems: split.numItems, plan: uniformPlan(split, 64), rng: createRng(1) });
  const rng = createRng(2);
  const curve: { block: number; loss: number; recall: number; seconds: number }[] = [];
  let best = -1;
  let bestBlock = 0;
  const start = performance.now();
  for (let block = 1; block <= MAX_BLOCKS; block++) {
    const t0 = performance.now();
    const { meanLoss } = await model.train(BLOCK, sampler, rng);
    const recall = recallAtK(split, (users) => model.score(users, allItems), 20);
    curve.push({ block, loss: meanLoss, recall, seconds: (performance.now() - t0) / 1000 });
    console.log(label, JSON.stringify(curve[curve.length - 1]));
    if (recall > best) {
      best = recall;
      bestBlock = block;
    } else if (block - bestBlock >= PATIENCE) break;
  }
  model.dispose();
  return { model: label, recallAt20: best, bestBlock, blocks: curve.length, seconds: (performance.now() - start) / 1000, curve };
}

const lightgcn = await converge('lightgcn d=64', createLightGcn());
const mf = await converge('bpr-mf d=64', new GraphBprRecommender('mf', { layers: 0 }));
const mfSlow = await converge('bpr-mf d=64 lr=0.005', new GraphBprRecommender('mf', { layers: 0, learningRate: 0.005 }));
const pop = frequencies(split).items;
const popularity = recallAtK(split, (users) => {
  const out = new Float32Array(users.length * split.numItems);
  for (let r = 0; r < users.length; r++) out.set(Float32Array.from(pop), r * split.numItems);
  return out;
}, 20);
const result = {
  benchmark: 'ml100k-recall-at-20',
  command: 'pnpm --filter @scall/recommender-lightgcn bench:quality',
  backend,
  split: 'per-user random 80/20 (seed 1), full catalogue, training items masked, users with test items',
  selection: 'test (best block by test Recall@20, as the reference code)',
  blockSteps: BLOCK,
  patience: PATIENCE,
  loadavg: loadavg(),
  popularity: { recallAt20: popularity },
  lightgcn,
  mf,
  mfLearningRate0005: mfSlow,
};
console.log(JSON.stringify({ lightgcn: lightgcn.recallAt20, mf: mf.recallAt20, mfLearningRate0005: mfSlow.recallAt20, popularity }));
mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
writeFileSync(new URL('../bench-results/quality.json', import.meta.url), JSON.stringify(result, null, 2));
