// Side by side: one LightGCN training step here (wasm backend) and in PyTorch (CPU, one
// thread), on the same data and settings: ML-100K, per-user random 80/20 split (first
// round(0.8 n) of each user's shuffled rows train), symmetric-normalised adjacency,
// 3 layers, mean of layers 0..3, BPR + L2 1e-4 on the batch's layer-0 rows / batch,
// Adam lr 0.03, batch 10,000. Rows: d = 64, d = 256 and our power-law plan (mean 32 /
// MAX 256) against PyTorch at d = 256 (the masked-table layout stores every entity at MAX).
//
// The model part (forward, backward, Adam) and the sampler are timed separately on both
// sides. Each side runs pinned to its own core (taskset, when present); rounds alternate
// PyTorch and ours, width by width, so both see the same stretch of machine noise.
// Our fused step also records its time per phase (the step's profile: unpack, forward,
// bprDiff, bprLoss, bprGrad, backward, pack; and Adam), per thread count.
// Per-width ratios ours / PyTorch of the median and of the best step go to
// bench-results/lightgcn-vs-torch.json with the load averages around every run.
//
// Run: pnpm --filter @scall/recommender-lightgcn bench:torch [-- --rounds 3 --steps 20]
// Flags (or env): --python (SCALL_PYTHON, default /usr/bin/python3), --torch-script
// (SCALL_TORCH_SCRIPT, default <repo>/../shared/bench/torch_lightgcn_step.py), --data
// (SCALL_ML100K, default <repo>/../shared/data/ml-100k/u.data), --rounds, --steps,
// --warmup, --cores a,b (ours, PyTorch; default 0,1), --no-composed (skip timing our composed
// tfjs path, `fusedStep: false`, beside the default fused step), --threads 1,2 (thread counts
// of our fused step, default 1,2: the rows with 2 run on both cores, pinned to ours and
// PyTorch's core while PyTorch is not running, and report ours-2-threads / PyTorch-1-thread),
// --precision float32,bfloat16 (the fused step's `propagationPrecision`s to time, default
// float32; bfloat16 rows are mixed precision against PyTorch's float32 step).
// Installs nothing: without
// python3-torch only our side is measured, and the JSON says so.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createRng } from '@scall/rng';
import { planParameters } from '@scall/spec';
import type { Rng, SizePlan, TripleBatch, TripleSampler } from '@scall/spec';
import { initTf } from '@scall/tf-runtime';
import { createLightGcn } from '../src/index.js';
import { benchPlans, loadMl100k, uniformSampler } from './ml100k.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// `pnpm bench:torch -- --rounds 5` hands the script a leading `--`, after which parseArgs
// would read every flag as a positional: drop it.
const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: {
    python: { type: 'string', default: process.env.SCALL_PYTHON ?? '/usr/bin/python3' },
    'torch-script': { type: 'string', default: process.env.SCALL_TORCH_SCRIPT ?? `${repoRoot}../shared/bench/torch_lightgcn_step.py` },
    data: { type: 'string', default: process.env.SCALL_ML100K ?? `${repoRoot}../shared/data/ml-100k/u.data` },
    rounds: { type: 'string', default: '3' },
    steps: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    cores: { type: 'string', default: '0,1' },
    composed: { type: 'boolean', default: true },
    // Node 20's parseArgs has no `--no-<flag>` negation: spelled out.
    'no-composed': { type: 'boolean', default: false },
    threads: { type: 'string', default: '1,2' },
    precision: { type: 'string', default: 'float32' },
  },
  allowPositionals: false,
});
const rounds = Number(flags.rounds);
const steps = Number(flags.steps);
const warmup = Number(flags.warmup);
const [ourCore, torchCore] = flags.cores.split(',');
const threadCounts = flags.threads.split(',').map(Number);
if (!threadCounts.every((t) => Number.isInteger(t) && t >= 1)) throw new RangeError(`vs-torch: --threads must list integers >= 1 (got ${flags.threads})`);
const precisions = flags.precision.split(',') as ('float32' | 'bfloat16')[];
if (!precisions.every((p) => p === 'float32' || p === 'bfloat16')) throw new RangeError(`vs-torch: --precision must list float32 and/or bfloat16 (got ${flags.precision})`);
for (const [name, v] of [['rounds', rounds], ['steps', steps], ['warmup', warmup]] as const) {
  if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`vs-torch: --${name} must be a positive integer (got ${String(v)})`);
}
if (!existsSync(flags.data)) throw new Error(`vs-torch: ML-100K not found at ${flags.data} (pass --data or SCALL_ML100K)`);

function hasTaskset(): boolean {
  return spawnSync('taskset', ['-c', '0', 'true']).status === 0;
}
const pinning = hasTaskset();

// Pin this process (all its threads) to one core by re-running it under taskset.
if (pinning && process.env.SCALL_VS_TORCH_PINNED !== '1') {
  const child = spawnSync('taskset', ['-c', ourCore, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, SCALL_VS_TORCH_PINNED: '1' },
  });
  process.exit(child.status ?? 1);
}

/** Why PyTorch cannot be measured, or null when it can. */
function torchMissing(): string | null {
  if (!existsSync(flags['torch-script'])) return `PyTorch step script not found at ${flags['torch-script']} (pass --torch-script or SCALL_TORCH_SCRIPT); only our side measured`;
  const probe = spawnSync(flags.python, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) return `python3-torch not installed (${flags.python} cannot import torch): apt-get install python3-torch; only our side measured`;
  return null;
}
const missing = torchMissing();
if (missing) console.warn(`vs-torch: ${missing}`);

interface TorchRun {
  readonly model_ms_median: number;
  readonly model_ms_min: number;
  readonly sampler_ms_median: number;
  readonly edges: number;
  readonly torch: string;
  readonly loadavgBefore: number[];
  /** Fused step only: mean wall ms per step in each phase (the step's profile plus Adam). */
  readonly phaseMs: Record<string, number> | null;
}

function runTorch(d: number): TorchRun {
  const before = loadavg();
  const args = [flags['torch-script'], '--layout', 'coo', '--threads', '1', '--dims', String(d), '--steps', String(steps), '--warmup', String(warmup), '--data', flags.data];
  const [cmd, argv] = pinning ? ['taskset', ['-c', torchCore, flags.python, ...args]] : [flags.python, args];
  const out = execFileSync(cmd, argv, { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' } });
  const line = out.trim().split('\n').at(-1) ?? '';
  return { ...(JSON.parse(line) as Omit<TorchRun, 'loadavgBefore'>), loadavgBefore: before };
}

/** The sampler with its own time recorded, so the model part is the step minus sampling. */
function timedSampler(inner: TripleSampler): TripleSampler & { lastMs: number } {
  const s = {
    lastMs: 0,
    sample(batchSize: number, rng: Rng, out?: TripleBatch): TripleBatch {
      const t0 = performance.now();
      const b = inner.sample(batchSize, rng, out);
      s.lastMs = performance.now() - t0;
      return b;
    },
  };
  return s;
}

const split = loadMl100k(1, flags.data);
const sampler = timedSampler(uniformSampler(split));
await initTf({ backends: ['wasm'] });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface OurRun {
  readonly modelMs: number[];
  readonly samplerMs: number[];
  readonly cpuMs: number[];
  readonly loadavgBefore: number[];
  /** Fused step only: mean wall ms per step in each phase (the step's profile plus Adam). */
  readonly phaseMs: Record<string, number> | null;
}

/** Every thread of this process (workers started later inherit it) on `cores`, when pinning. */
function pinTo(cores: string): void {
  if (!pinning) return;
  // `taskset -a` fails when a thread it listed has exited meanwhile (a terminated worker): retry.
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync('taskset', ['-a', '-pc', cores, String(process.pid)], { stdio: 'ignore' });
      return;
    } catch (error) {
      if (attempt >= 20) throw new Error(`vs-torch: could not pin this process to cores ${cores}`, { cause: error });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

async function runOurs(plan: SizePlan, seed: number, fusedStep: boolean, threads = 1, precision: 'float32' | 'bfloat16' = 'float32'): Promise<OurRun> {
  // One thread: our core only; more: ours and PyTorch's (PyTorch is not running meanwhile).
  pinTo(threads > 1 ? `${ourCore},${torchCore}` : ourCore);
  const before = loadavg();
  const model = createLightGcn({ fusedStep, threads, profile: fusedStep, ...(precision === 'bfloat16' ? { propagationPrecision: precision } : {}) });
  model.build({ graph: split.train, numUsers: split.numUsers, numItems: split.numItems, plan, rng: createRng(seed) });
  const rng = createRng(seed + 1);
  await model.train(warmup, sampler, rng);
  model.takeStepProfile(); // the timed steps only
  const modelMs: number[] = [];
  const samplerMs: number[] = [];
  const cpuMs: number[] = [];
  for (let s = 0; s < steps; s++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await model.train(1, sampler, rng);
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    modelMs.push(wall - sampler.lastMs);
    samplerMs.push(sampler.lastMs);
    cpuMs.push((c.user + c.system) / 1000 - sampler.lastMs);
  }
  const profile = model.takeStepProfile();
  model.dispose();
  pinTo(ourCore);
  const phaseMs = profile && profile.steps > 0 ? Object.fromEntries(Object.entries(profile.ms).map(([phase, ms]) => [phase, ms / profile.steps])) : null;
  return { modelMs, samplerMs, cpuMs, loadavgBefore: before, phaseMs };
}

// PyTorch at d = 256 for the power-law row: its masked-table layout stores every entity at MAX.
const rows = benchPlans(split).map(([label, oursPlan]) => ({ label: label.startsWith('power') ? `${label} (PyTorch at d=256)` : label, oursPlan, torchD: label === 'd=64' ? 64 : 256 }));
const torchRuns = new Map<number, TorchRun[]>();
const ourRuns = new Map<string, OurRun[]>();
const composedRuns = new Map<string, OurRun[]>();
const t0 = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const row of rows) {
    // PyTorch once per width per round (the power-law row reuses its d=256 run).
    if (!missing && !rows.slice(0, rows.indexOf(row)).some((x) => x.torchD === row.torchD)) {
      const run = runTorch(row.torchD);
      torchRuns.set(row.torchD, [...(torchRuns.get(row.torchD) ?? []), run]);
      console.log(`round ${r + 1} pytorch d=${row.torchD}: model ${run.model_ms_median} ms median, ${run.model_ms_min} best`);
    }
    for (const precision of precisions) {
      for (const threads of threadCounts) {
        const ours = await runOurs(row.oursPlan, 1 + r, true, threads, precision);
        const key = `${row.label}|${threads}|${precision}`;
        ourRuns.set(key, [...(ourRuns.get(key) ?? []), ours]);
        console.log(`round ${r + 1} ours ${row.label} ${precision} ${threads} thread(s): model ${median(ours.modelMs).toFixed(2)} ms median, ${Math.min(...ours.modelMs).toFixed(2)} best`);
      }
    }
    if (flags.composed && !flags['no-composed']) {
      const composed = await runOurs(row.oursPlan, 1 + r, false);
      composedRuns.set(row.label, [...(composedRuns.get(row.label) ?? []), composed]);
      console.log(`round ${r + 1} ours (composed tfjs path) ${row.label}: model ${median(composed.modelMs).toFixed(2)} ms median`);
    }
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;
/** The mean of per-round phase times, phase by phase (null when no round has a profile). */
function meanPhases(profiles: (Record<string, number> | null)[]): Record<string, number> | null {
  const have = profiles.filter((p): p is Record<string, number> => p !== null);
  if (have.length === 0) return null;
  return Object.fromEntries(Object.keys(have[0]).map((phase) => [phase, round2(have.reduce((t, p) => t + p[phase], 0) / have.length)]));
}
// The propagation's multiply-add lower bound (every edge once per layer, forward and backward, at the row's width).
const macs = (row: (typeof rows)[number]) => (row.label === 'd=64' ? 2 * 3 * 2 * split.train.length * 64 : null);
const results = rows.flatMap((row) => precisions.flatMap((precision) => threadCounts.map((threads) => ({ row, threads, precision })))).map(({ row, threads, precision }) => {
  const ours = ourRuns.get(`${row.label}|${threads}|${precision}`) ?? [];
  const allModel = ours.flatMap((o) => o.modelMs);
  const oursSide = {
    parameters: planParameters(row.oursPlan),
    meanSize: round2(planParameters(row.oursPlan) / (split.numUsers + split.numItems)),
    modelMsMedian: round2(median(allModel)),
    modelMsBest: round2(Math.min(...allModel)),
    modelMsMedianPerRound: ours.map((o) => round2(median(o.modelMs))),
    modelCpuMsMedian: round2(median(ours.flatMap((o) => o.cpuMs))),
    samplerMsMedian: round2(median(ours.flatMap((o) => o.samplerMs))),
    loadavgBeforeEachRound: ours.map((o) => o.loadavgBefore.map(round2)),
    threads,
    propagationPrecision: precision,
    gmacPerSecondMedian: macs(row) === null ? null : round2(macs(row)! / 1e6 / median(allModel)),
    /** Mean ms per step by phase (unpack, forward, bprDiff, bprLoss, bprGrad, backward, pack, adam), averaged over rounds. */
    phaseMsMean: meanPhases(ours.map((o) => o.phaseMs)),
  };
  const composed = threads === 1 && precision === 'float32' ? composedRuns.get(row.label) : undefined;
  const composedSide = composed && {
    modelMsMedian: round2(median(composed.flatMap((o) => o.modelMs))),
    modelMsBest: round2(Math.min(...composed.flatMap((o) => o.modelMs))),
    modelCpuMsMedian: round2(median(composed.flatMap((o) => o.cpuMs))),
    ratioFusedOverComposedMedian: round2(oursSide.modelMsMedian / median(composed.flatMap((o) => o.modelMs))),
    ratioFusedOverComposedCpu: round2(oursSide.modelCpuMsMedian / median(composed.flatMap((o) => o.cpuMs))),
  };
  const torch = torchRuns.get(row.torchD);
  if (!torch) return { row: row.label, threads, precision, ours: oursSide, oursComposedPath: composedSide ?? null, pytorch: null };
  // PyTorch reports per-run medians and minima: the median of the run medians, the best minimum.
  const torchMedian = median(torch.map((t) => t.model_ms_median));
  const torchBest = Math.min(...torch.map((t) => t.model_ms_min));
  return {
    row: row.label,
    threads,
    precision,
    ours: oursSide,
    oursComposedPath: composedSide ?? null,
    pytorch: {
      d: row.torchD,
      modelMsMedian: torchMedian,
      modelMsBest: torchBest,
      modelMsMedianPerRound: torch.map((t) => t.model_ms_median),
      samplerMsMedian: median(torch.map((t) => t.sampler_ms_median)),
      loadavgBeforeEachRound: torch.map((t) => t.loadavgBefore.map(round2)),
    },
    ratioOursOverTorchMedian: round2(oursSide.modelMsMedian / torchMedian),
    ratioOursOverTorchBest: round2(oursSide.modelMsBest / torchBest),
    ratioPerRoundMedian: oursSide.modelMsMedianPerRound.map((m, i) => round2(m / torch[i].model_ms_median)),
  };
});
const torchInfo = torchRuns.get(64)?.[0] ?? torchRuns.get(256)?.[0];
const out = {
  benchmark: 'lightgcn-step-vs-pytorch-ml100k',
  command: 'pnpm --filter @scall/recommender-lightgcn bench:torch',
  dataset: `ml-100k (${flags.data}), per-user random 80/20 split`,
  nodes: split.numUsers + split.numItems,
  directedEdges: { ours: 2 * split.train.length, pytorch: torchInfo?.edges ?? null },
  settings: { batchSize: 10_000, layers: 3, adamLearningRate: 0.03, l2: 1e-4, stepsPerRun: steps, warmupPerRun: warmup, rounds },
  ours: { backend: 'wasm', threads: threadCounts, propagationPrecisions: precisions, core: pinning ? Number(ourCore) : null, coresWithThreads: pinning ? `${ourCore},${torchCore}` : null },
  pytorch: missing
    ? { measured: false, reason: missing }
    : { measured: true, version: torchInfo?.torch, script: flags['torch-script'], layout: 'coo', threads: 1, core: pinning ? Number(torchCore) : null },
  pinnedWithTaskset: pinning,
  note: 'model part = forward + backward + Adam (ours: the train step minus the sampler); ratios < 1 mean ours is faster; machine shared with other jobs, so compare ratios within one run; loadavg is [1, 5, 15] min',
  seconds: round2((performance.now() - t0) / 1000),
  loadavgAtEnd: loadavg().map(round2),
  cpus: cpus().length,
  node: process.version,
  results,
};
console.table(
  results.map((r) => ({
    row: r.row,
    threads: r.threads,
    precision: r.precision,
    oursMedian: r.ours.modelMsMedian,
    oursBest: r.ours.modelMsBest,
    composedMedian: r.oursComposedPath?.modelMsMedian ?? '-',
    torchMedian: r.pytorch?.modelMsMedian ?? '-',
    torchBest: r.pytorch?.modelMsBest ?? '-',
    ratioMedian: 'ratioOursOverTorchMedian' in r ? r.ratioOursOverTorchMedian : '-',
    ratioBest: 'ratioOursOverTorchBest' in r ? r.ratioOursOverTorchBest : '-',
    gmacs: r.ours.gmacPerSecondMedian ?? '-',
  })),
);
const dir = fileURLToPath(new URL('../bench-results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}lightgcn-vs-torch.json`, `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${dir}lightgcn-vs-torch.json`);
