// Where one LightGCN training step's time goes, on the wasm backend: ML-100K (per-user 80/20
// split), batch 10,000, 3 layers, for d = 64, d = 256 and the power-law plan (mean 32 /
// MAX 256), for both training paths:
//  - the fused SIMD step (the default): a V8 CPU profile over the timed steps, self time
//    per function (spmm, bpr_diff, bpr_grad in the module; the step's own JS: unpack,
//    softplus, pack, L2; Adam; the sampler; GC);
//  - the composed tfjs path (`fusedStep: false`): every tfjs kernel call timed by wrapping
//    the engine's runKernel (forward and gradient kernels alike), Adam and the sampler
//    around them; `other` is upload, download and bookkeeping.
// Times are CPU milliseconds of this process per step (medians; for the fused path the
// median of un-profiled steps split by the profile's shares), so load from other processes
// inflates them far less than wall time.
// GMAC/s relate the propagation's multiply-adds (kept columns per edge, forward and
// backward) to the SpMM time and to the whole model part.
// Writes bench-results/profile.json. Run: pnpm --filter @scall/recommender-lightgcn bench:profile
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { createRng } from '@scall/rng';
import { initTf } from '@scall/tf-runtime';
import * as tf from '@tensorflow/tfjs-core';
import { createLightGcn } from '../src/index.js';
import { benchPlans, loadMl100k, uniformSampler } from './ml100k.js';

const STEPS = Number(process.env.BENCH_STEPS ?? 8);
const WARMUP = 5;
const split = loadMl100k(1);
const sampler = uniformSampler(split);
const plans = benchPlans(split);
await initTf({ backends: ['wasm'] });

// Kernel timing: wrap runKernel once.
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

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
/** Self time per function name (ms) from a V8 CPU profile. */
function selfTimes(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const out = new Map<string, number>();
  profile.samples.forEach((id, k) => {
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName || '(anonymous)';
    out.set(name, (out.get(name) ?? 0) + profile.timeDeltas[k] / 1000);
  });
  return out;
}
/** Buckets of the fused step's profile. */
const FUSED_BUCKETS: [string, (name: string) => boolean][] = [
  ['spmm (3 forward + 3 backward, wasm)', (n) => n === 'spmm'],
  ['bpr_diff (wasm)', (n) => n === 'bpr_diff'],
  ['bpr_grad (wasm)', (n) => n === 'bpr_grad'],
  ['step JS (unpack, softplus, pack, L2)', (n) => n === 'lossAndGradient' || n === 'softplus'],
  ['recommender JS (batch ids, step)', (n) => n === 'step' || n === 'batchNodeIds' || n === 'train'],
  ['Adam (packed buffers)', (n) => n === 'plainStep' || n === 'adamUpdate' || n === 'apply'],
  ['sampler (outside the model part)', (n) => n === 'sample' || n === 'next' || n === 'nextInt'],
  ['garbage collector', (n) => n === '(garbage collector)'],
];
/** Profile entries that are not the step: the profiler's own message handling, idle time. */
const NOT_THE_STEP = new Set(['dispatch', '(idle)', '(program)', '(root)']);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
type Built = { adam: object; widths: Int32Array[]; adjacency: { rowPointers: Int32Array; columnIndices: Int32Array } };

/** Multiply-adds of the propagation per step: per layer, per edge, the kept columns, forward and backward. */
function propagationMacs(built: Built): number {
  let macs = 0;
  const { rowPointers: rp, columnIndices: ci } = built.adjacency;
  for (let k = 0; k + 1 < built.widths.length; k++) {
    const inW = built.widths[k];
    const outW = built.widths[k + 1];
    for (let r = 0; r < rp.length - 1; r++) for (let e = rp[r]; e < rp[r + 1]; e++) macs += Math.min(inW[ci[e]], outW[r]);
  }
  return 2 * macs;
}

function buildModel(plan: (typeof plans)[number][1], fusedStep: boolean) {
  const model = createLightGcn({ fusedStep });
  model.build({ graph: split.train, numUsers: split.numUsers, numItems: split.numItems, plan, rng: createRng(1) });
  return { model, built: (model as unknown as { built: Built }).built };
}

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });

/**
 * The fused step: CPU time per step over un-profiled steps, then the shares of a V8 CPU
 * profile (100 µs sampling, which slows the step itself) over as many more, applied to it.
 */
async function profileFused(plan: (typeof plans)[number][1]) {
  const { model, built } = buildModel(plan, true);
  const rng = createRng(2);
  await model.train(WARMUP, sampler, rng);
  const stepMs: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const t0 = cpuNow();
    await model.train(1, sampler, rng);
    stepMs.push(cpuNow() - t0);
  }
  await session.post('Profiler.start');
  await model.train(STEPS, sampler, rng);
  const { profile } = await session.post('Profiler.stop');
  const self = selfTimes(profile as unknown as Parameters<typeof selfTimes>[0]);
  for (const name of NOT_THE_STEP) self.delete(name);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const step = median(stepMs);
  const buckets: Record<string, number> = {};
  let bucketed = 0;
  for (const [bucket, match] of FUSED_BUCKETS) {
    let ms = 0;
    for (const [name, t] of self) if (match(name)) ms += t;
    buckets[bucket] = round((step * ms) / total, 3);
    bucketed += ms;
  }
  buckets['everything else'] = round((step * (total - bucketed)) / total, 3);
  const macs = propagationMacs(built);
  const spmm = buckets['spmm (3 forward + 3 backward, wasm)'];
  const sampling = buckets['sampler (outside the model part)'];
  model.dispose();
  return {
    stepCpuMsMedian: round(step),
    modelPartCpuMs: round(step - sampling),
    cpuMsByProfileShare: buckets,
    propagationMacsPerStep: macs,
    spmmGmacPerSecond: round(macs / (spmm * 1e6)),
    modelPartGmacPerSecond: round(macs / ((step - sampling) * 1e6)),
  };
}

/** The composed tfjs path: CPU time per tfjs kernel, Adam and the sampler. */
async function profileComposed(plan: (typeof plans)[number][1]) {
  const { model, built } = buildModel(plan, false);
  const rng = createRng(2);
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
  for (const n of names) kernels[n] = round(median(kernelRuns.map((m) => m.get(n) ?? 0)), 3);
  const step = median(stepMs);
  const inKernels = Object.values(kernels).reduce((a, b) => a + b, 0);
  const sampling = kernels['sampler (outside the model part)'] ?? 0;
  const macs = propagationMacs(built);
  const spmm = (kernels['SpMM forward'] ?? 0) + (kernels['SpMM backward'] ?? 0);
  model.dispose();
  return {
    stepCpuMsMedian: round(step),
    modelPartCpuMs: round(step - sampling),
    cpuMsMedian: kernels,
    otherCpuMs: round(step - inKernels),
    propagationMacsPerStep: macs,
    spmmGmacPerSecond: round(macs / (spmm * 1e6)),
    modelPartGmacPerSecond: round(macs / ((step - sampling) * 1e6)),
  };
}

const results = [];
for (const [label, plan] of plans) {
  const before = loadavg();
  const row = { plan: label, loadavgBefore: before.map((x) => round(x)), fused: await profileFused(plan), composed: await profileComposed(plan) };
  console.log(JSON.stringify(row));
  results.push(row);
}
session.disconnect();
mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../bench-results/profile.json', import.meta.url),
  `${JSON.stringify(
    {
      benchmark: 'lightgcn-step-profile-ml100k',
      command: 'pnpm --filter @scall/recommender-lightgcn bench:profile',
      backend: 'wasm',
      stepsTimed: STEPS,
      lowerBoundNote: 'propagationMacsPerStep at d=64 is the arithmetic lower bound of the issue (3 layers x 160k directed edges x 64 columns x forward + backward = 61.4 M)',
      loadavgAtEnd: loadavg().map((x) => round(x)),
      node: process.version,
      results,
    },
    null,
    2,
  )}\n`,
);
