// Milliseconds per act() and per update() of the SAC agent at SCALL's sizes (state 1028,
// action 3, protocol hyperparameters: 512-512 networks, batch 8, 3 gradient updates per
// update()), on the cpu and wasm backends. Writes bench-results/sac.json.
//   pnpm --filter @scall/agent-sac bench
//   BENCH_BACKENDS=wasm BENCH_UPDATES=5 pnpm --filter @scall/agent-sac bench
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRng } from '@scall/rng';
import { initTf } from '@scall/tf-runtime';
import type { BackendName } from '@scall/tf-runtime';
import { createSac } from '../src/index.js';

const outDir = fileURLToPath(new URL('../bench-results/', import.meta.url));
const backends = (process.env.BENCH_BACKENDS ?? 'cpu,wasm').split(',') as BackendName[];
const updateRepeats = Number(process.env.BENCH_UPDATES ?? 5);
const actRepeats = Number(process.env.BENCH_ACTS ?? 30);
const stateSize = 1028;
const actionSize = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timeEach(repeats: number, run: () => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return times;
}

const round = (x: number) => Math.round(x * 100) / 100;
const results: Record<string, unknown>[] = [];
for (const backend of backends) {
  const { tf } = await initTf({ backends: [backend] });
  const rng = createRng(1);
  const randomState = () => Float32Array.from({ length: stateSize }, () => rng.next());
  const t0 = performance.now();
  const agent = createSac()({ stateSize, actionSize, seed: 1 });
  const createMs = performance.now() - t0;
  // More than 12 transitions, so updates use the full batch of 8.
  for (let i = 0; i < 20; i++) {
    const state = randomState();
    agent.observe({ state, action: agent.act(state, { explore: true }), reward: rng.next(), nextState: randomState(), done: false });
  }
  const state = randomState();
  agent.act(state, { explore: true });
  for (let i = 0; i < 3; i++) agent.update(); // warm-up: kernels set up, JIT-optimised loops
  const exploreMs = timeEach(actRepeats, () => agent.act(state, { explore: true }));
  const exploitMs = timeEach(actRepeats, () => agent.act(state, { explore: false }));
  const updateMs = timeEach(updateRepeats, () => agent.update());
  let snapshot = agent.snapshot();
  const snapshotMs = timeEach(3, () => (snapshot = agent.snapshot()));
  const restoreMs = timeEach(3, () => agent.restore(snapshot));
  const tensorsBefore = tf.memory().numTensors;
  agent.update();
  const leaked = tf.memory().numTensors - tensorsBefore;
  agent.dispose();
  const updatesPerStep = agent.options.updatesPerStep;
  results.push({
    backend,
    stateSize,
    actionSize,
    hidden: agent.options.actorHiddenSizes,
    batchSize: agent.options.batchSize,
    updatesPerStep,
    createMs: round(createMs),
    actExploreMs: round(median(exploreMs)),
    actExploitMs: round(median(exploitMs)),
    updateCallMs: round(median(updateMs)),
    gradientUpdateMs: round(median(updateMs) / updatesPerStep),
    snapshotMs: round(median(snapshotMs)),
    restoreMs: round(median(restoreMs)),
    tensorsLeakedPerUpdate: leaked,
    repeats: { act: actRepeats, update: updateRepeats },
  });
  console.log(results.at(-1));
}

mkdirSync(outDir, { recursive: true });
writeFileSync(`${outDir}sac.json`, `${JSON.stringify({ node: process.version, date: new Date().toISOString(), cpu: cpus()[0]?.model, cores: cpus().length, loadAverage: loadavg(), results }, null, 2)}\n`);
