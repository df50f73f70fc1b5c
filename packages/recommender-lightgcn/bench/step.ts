// ms per LightGCN training step on ML-100K (per-user 80/20 split, batch 10,000, 3 layers)
// for d = 64, d = 256 and a power-law plan (mean 32, MAX 256), on cpu and wasm, plus the
// time of one full evaluation pass (Recall@20 over all users, full catalogue).
// Run: pnpm --filter @scall/recommender-lightgcn bench
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createRng } from '@scall/rng';
import { planParameters } from '@scall/spec';
import { initTf } from '@scall/tf-runtime';
import { createLightGcn } from '../src/index.js';
import { benchPlans, loadMl100k, recallAtK, uniformSampler } from './ml100k.js';

const WARMUP = 2;
const STEPS = Number(process.env.BENCH_STEPS ?? 10);
const split = loadMl100k(1);
const sampler = uniformSampler(split);
const plans = benchPlans(split);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const backend of ['wasm', 'cpu'] as const) {
  await initTf({ backends: [backend] });
  for (const [label, plan] of plans) {
    const model = createLightGcn();
    model.build({ graph: split.train, numUsers: split.numUsers, numItems: split.numItems, plan, rng: createRng(1) });
    const rng = createRng(2);
    await model.train(WARMUP, sampler, rng);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    const sampleTimes: number[] = [];
    for (let s = 0; s < STEPS; s++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await model.train(1, sampler, rng);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuTimes.push((c.user + c.system) / 1000);
      const t1 = performance.now();
      sampler.sample(10_000, createRng(s));
      sampleTimes.push(performance.now() - t1);
    }
    model.score(Int32Array.of(0), Int32Array.of(0)); // propagation for scoring, timed separately
    const t2 = performance.now();
    const recall = recallAtK(split, (users) => model.score(users, Int32Array.from({ length: split.numItems }, (_, i) => i)), 20);
    const evaluationMs = performance.now() - t2;
    const row = {
      backend,
      plan: label,
      parameters: planParameters(plan),
      meanSize: planParameters(plan) / (split.numUsers + split.numItems),
      memoryBytes: model.memoryBytes(),
      msPerStepMedian: median(times),
      msPerStepMean: times.reduce((a, b) => a + b, 0) / times.length,
      cpuMsPerStepMedian: median(cpuTimes),
      samplerMsMedian: median(sampleTimes),
      evaluationPassMs: evaluationMs,
      recallAt20AfterBench: recall,
    };
    results.push(row);
    console.log(JSON.stringify(row));
    model.dispose();
  }
}
mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
const out = {
  benchmark: 'lightgcn-step-ml100k',
  command: 'pnpm --filter @scall/recommender-lightgcn bench',
  dataset: 'ml-100k, per-user random 80/20 split (seed 1)',
  nodes: split.numUsers + split.numItems,
  trainInteractions: split.train.length,
  batchSize: 10_000,
  layers: 3,
  stepsTimed: STEPS,
  note: 'msPerStep (wall) and cpuMsPerStep (this process) include sampling a 10,000-triple batch (samplerMsMedian shows that share); evaluationPassMs scores all users x all items in batches of 256 plus masking and top-20; machine shared, loadavg recorded',
  loadavg: loadavg(),
  cpus: cpus().length,
  node: process.version,
  results,
};
writeFileSync(new URL('../bench-results/step.json', import.meta.url), JSON.stringify(out, null, 2));
