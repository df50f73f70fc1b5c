// Where one LightGCN training step's time goes, per kernel, on the wasm backend: ML-100K
// (per-user 80/20 split), batch 10,000, 3 layers, for d = 64, d = 256 and the power-law
// plan (mean 32 / MAX 256). Every tfjs kernel call of a step (forward and the gradient's
// kernels alike) is timed by wrapping the engine's runKernel; the rest of the step
// (Adam, sampling) is timed around the calls; `other` is upload, download and bookkeeping.
// All times are CPU time of this process (median over steps), so load from other processes
// inflates them far less than wall time.
// Writes bench-results/profile.json. Run: pnpm --filter @scall/recommender-lightgcn bench:profile
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRng } from '@scall/rng';
import { initTf } from '@scall/tf-runtime';
import * as tf from '@tensorflow/tfjs-core';
import { createLightGcn } from '../src/index.js';
import { benchPlans, loadMl100k, uniformSampler } from './ml100k.js';

const STEPS = Number(process.env.BENCH_STEPS ?? 8);
const WARMUP = 2;
const split = loadMl100k(1);
const sampler = uniformSampler(split);
const plans = benchPlans(split);
await initTf({ backends: ['wasm'] });

// Kernel timing: wrap runKernel once; `bucket` maps a call to a label.
type Attrs = { transpose?: boolean } | undefined;
const totals = new Map<string, number>();
let recording = false;
const engine = tf.engine() as unknown as { runKernel(name: string, inputs: object, attrs?: object): unknown };
const original = engine.runKernel.bind(engine);
let depth = 0;
engine.runKernel = (name: string, inputs: object, attrs?: object) => {
  if (!recording || depth > 0) return original(name, inputs, attrs);
  depth++;
  const t0 = cpuNow();
  try {
    return original(name, inputs, attrs);
  } finally {
    depth--;
    const label = name === 'ScallSparseDenseMatMul' ? ((attrs as Attrs)?.transpose ? 'SpMM backward' : 'SpMM forward') : name.replace(/^Scall/, '');
    add(label, cpuNow() - t0);
  }
};
/** CPU milliseconds of this process (user + system): insensitive to time spent descheduled. */
function cpuNow(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}
function add(label: string, ms: number): void {
  totals.set(label, (totals.get(label) ?? 0) + ms);
}
/** Wraps `obj[key]` (a method) so its CPU time is added under `label` while recording. */
function timeMethod<T extends object>(obj: T, key: keyof T, label: string): void {
  const fn = (obj[key] as (...a: unknown[]) => unknown).bind(obj);
  (obj as Record<keyof T, unknown>)[key] = (...a: unknown[]) => {
    if (!recording) return fn(...a);
    const t0 = cpuNow();
    try {
      return fn(...a);
    } finally {
      add(label, cpuNow() - t0);
    }
  };
}
timeMethod(sampler, 'sample', 'sampler (outside the model part)');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const [label, plan] of plans) {
  const model = createLightGcn();
  model.build({ graph: split.train, numUsers: split.numUsers, numItems: split.numItems, plan, rng: createRng(1) });
  const rng = createRng(2);
  const built = (model as unknown as { built: { adam: object; widths: Int32Array[]; adjacency: { rowPointers: Int32Array; columnIndices: Int32Array } } }).built;
  timeMethod(built.adam as { apply: unknown }, 'apply', 'Adam (packed buffers)');
  await model.train(WARMUP, sampler, rng);
  const stepMs: number[] = [];
  const kernelRuns: Map<string, number>[] = [];
  for (let s = 0; s < STEPS; s++) {
    totals.clear();
    recording = true;
    const t0 = cpuNow();
    await model.train(1, sampler, rng);
    stepMs.push(cpuNow() - t0);
    recording = false;
    kernelRuns.push(new Map(totals));
  }
  const names = [...new Set(kernelRuns.flatMap((m) => [...m.keys()]))];
  const kernels: Record<string, number> = {};
  for (const n of names) kernels[n] = +median(kernelRuns.map((m) => m.get(n) ?? 0)).toFixed(3);
  const step = median(stepMs);
  const inKernels = Object.values(kernels).reduce((a, b) => a + b, 0);
  const sampling = kernels['sampler (outside the model part)'] ?? 0;
  // Multiply-adds of the propagation alone: per layer, per edge, the kept columns.
  const widths = built;
  let macs = 0;
  const { rowPointers: rp, columnIndices: ci } = widths.adjacency;
  for (let k = 0; k < 3; k++) {
    const inW = widths.widths[k];
    const outW = widths.widths[k + 1];
    for (let r = 0; r < rp.length - 1; r++) for (let e = rp[r]; e < rp[r + 1]; e++) macs += Math.min(inW[ci[e]], outW[r]);
  }
  const spmm = (kernels['SpMM forward'] ?? 0) + (kernels['SpMM backward'] ?? 0);
  const row = {
    plan: label,
    stepCpuMsMedian: +step.toFixed(2),
    modelPartCpuMs: +(step - sampling).toFixed(2),
    cpuMsMedian: kernels,
    otherCpuMs: +(step - inKernels).toFixed(2),
    propagationMacsPerStep: 2 * macs,
    spmmGmacPerSecond: +((2 * macs) / (spmm * 1e6)).toFixed(2),
    modelPartGmacPerSecond: +((2 * macs) / ((step - sampling) * 1e6)).toFixed(2),
  };
  console.log(JSON.stringify(row));
  results.push(row);
  model.dispose();
}
mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../bench-results/profile.json', import.meta.url),
  `${JSON.stringify({ benchmark: 'lightgcn-step-profile-ml100k', backend: 'wasm', stepsTimed: STEPS, loadavg: loadavg(), node: process.version, results }, null, 2)}\n`,
);
