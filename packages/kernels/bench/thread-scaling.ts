// Why a second thread helps the fused LightGCN step at d = 64 but barely at d = 256: the
// step's two-thread speed-up against the size of the matrix its propagation reads.
//
// One fused step (`createPropagationBprStep`: 3 layers forward and backward, BPR, L2) on
// seeded random bipartite graphs with ML-100K's density (61 directed edges per node on
// average), uniform sizes d, batch 1,024 (small, so the propagation dominates) and 10,000
// (bench:torch's), timed on one thread and on two, alternating round by round. The grid crosses width and node
// count so that equal working sets (nodes x d x 4 bytes, one layer's matrix) come from
// different widths: if the speed-up follows the working set and not the width, what
// limits the second thread is where the matrix lives (each core's 2 MiB L2 against the
// shared L3), not the width's arithmetic.
//
// Writes bench-results/thread-scaling.json (median ms per step for 1 and 2 threads, mean ms per
// phase of the step (unpack, forward, bprDiff, bprLoss, bprGrad, backward, pack), the
// speed-up, the working set, the load averages before and after). Timings live here, never
// in tests.
//
// Run: pnpm --filter @scall/kernels bench:threads [-- --rounds 5 --steps 10]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { initTf } from '@scall/tf-runtime';
import { buildNormalizedAdjacency, createPropagationBprStep, PROPAGATION_STEP_PHASES } from '../src/index.js';
import type { CsrMatrix, PropagationBprStep, PropagationStepProfile, RaggedLayout } from '../src/index.js';

const argv = process.argv.slice(2);
const { values: flags } = parseArgs({
  args: argv[0] === '--' ? argv.slice(1) : argv,
  options: { rounds: { type: 'string', default: '5' }, steps: { type: 'string', default: '10' }, warmup: { type: 'string', default: '3' } },
  strict: true,
  allowPositionals: false,
});
const count = (name: string, text: string): number => {
  const v = Number(text);
  if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`bench:threads: --${name} must be a positive integer (got ${text})`);
  return v;
};
const ROUNDS = count('rounds', flags.rounds!);
const STEPS = count('steps', flags.steps!);
const WARMUP = count('warmup', flags.warmup!);
const LAYERS = 3;
const EDGES_PER_NODE = 61; // ML-100K: 160k directed edges over 2,625 nodes

/**
 * Width x nodes x batch: d = 64 and d = 256 at ML-100K's size and at working sets matched
 * across widths (batch 1,024: the propagation dominates), then ML-100K's size at the
 * bench:torch batch of 10,000, where the serial BPR passes weigh more.
 */
const CASES = [
  { width: 64, nodes: 2625, batch: 1024 },
  { width: 64, nodes: 10500, batch: 1024 },
  { width: 64, nodes: 42000, batch: 1024 },
  { width: 256, nodes: 656, batch: 1024 },
  { width: 256, nodes: 2625, batch: 1024 },
  { width: 256, nodes: 10500, batch: 1024 },
  { width: 64, nodes: 2625, batch: 10000 },
  { width: 256, nodes: 2625, batch: 10000 },
];

/** A small deterministic pseudo-random stream in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function setup(width: number, nodes: number, batchSize: number, seed: number) {
  const rnd = lcg(seed);
  const users = Math.round(nodes * 0.36);
  const items = nodes - users;
  const edges = Math.round((nodes * EDGES_PER_NODE) / 2);
  const graph = { users: new Int32Array(edges), items: new Int32Array(edges), timestamps: new Float64Array(edges), length: edges };
  for (let e = 0; e < edges; e++) {
    graph.users[e] = Math.floor(rnd() * users);
    graph.items[e] = Math.floor(rnd() * items);
  }
  const adjacency: CsrMatrix = buildNormalizedAdjacency(graph, users, items);
  const sizes = new Int32Array(nodes).fill(width);
  const offsets = new Float64Array(nodes + 1);
  for (let r = 0; r < nodes; r++) offsets[r + 1] = offsets[r] + width;
  const layout: RaggedLayout = { sizes, offsets };
  const layerWidths = Array.from({ length: LAYERS + 1 }, () => sizes);
  const parameters = Float32Array.from({ length: nodes * width }, () => (rnd() - 0.5) * 0.2);
  const batch = [0, 1, 2].map((side) => Int32Array.from({ length: batchSize }, () => (side === 0 ? Math.floor(rnd() * users) : users + Math.floor(rnd() * items))));
  return { adjacency, layout, layerWidths, parameters, batch, edges: adjacency.rowPointers[nodes] };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function timeSteps(step: PropagationBprStep, s: ReturnType<typeof setup>, gradient: Float32Array, steps: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    const loss = step.lossAndGradient(s.parameters, s.batch[0], s.batch[1], s.batch[2], 1e-4, gradient);
    out.push(performance.now() - t0);
    if (loss === null) throw new Error('bench:threads: the fused step is unavailable on this backend');
  }
  return out;
}

await initTf({ backends: ['wasm'] });
const loadBefore = loadavg();
const rows = [];
for (const { width, nodes, batch } of CASES) {
  const s = setup(width, nodes, batch, width * 7 + nodes);
  const input = { adjacency: s.adjacency, layout: s.layout, layerWidths: s.layerWidths, width };
  const one = createPropagationBprStep({ ...input, profile: true });
  const two = createPropagationBprStep({ ...input, threads: 2, profile: true });
  if (!one || !two) throw new Error('bench:threads: the fused step needs WebAssembly SIMD');
  const workers = await two.ready();
  const gradient = new Float32Array(s.parameters.length);
  timeSteps(one, s, gradient, WARMUP);
  timeSteps(two, s, gradient, WARMUP);
  one.takeProfile();
  two.takeProfile();
  const t1: number[] = [];
  const t2: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    t1.push(...timeSteps(one, s, gradient, STEPS));
    t2.push(...timeSteps(two, s, gradient, STEPS));
  }
  const perStep = (p: PropagationStepProfile | null) => Object.fromEntries(PROPAGATION_STEP_PHASES.map((phase) => [phase, p && p.steps ? Number((p.ms[phase] / p.steps).toFixed(3)) : null]));
  const phases1 = perStep(one.takeProfile());
  const phases2 = perStep(two.takeProfile());
  two.dispose();
  one.dispose();
  const m1 = median(t1);
  const m2 = median(t2);
  // Multiply-adds of the propagation: every directed edge, every column, every layer, forward and backward.
  const mac = 2 * LAYERS * s.edges * width;
  const row = {
    width,
    nodes,
    batch,
    directedEdges: s.edges,
    workingSetMB: (nodes * width * 4) / 1e6,
    threads2: workers,
    oneThreadMs: m1,
    twoThreadMs: m2,
    speedUp: m1 / m2,
    oneThreadGmacPerS: mac / (m1 * 1e6),
    twoThreadGmacPerS: mac / (m2 * 1e6),
    /** Mean ms per step in each phase of the step (createPropagationBprStep's profile), one thread and two. */
    phaseMsOneThread: phases1,
    phaseMsTwoThreads: phases2,
  };
  rows.push(row);
  console.log(`  phases ms/step, 1 → 2 threads: ${PROPAGATION_STEP_PHASES.map((p) => `${p} ${phases1[p]} → ${phases2[p]}`).join(', ')}`);
  console.log(
    `d=${width} nodes=${nodes} batch=${batch} (${row.workingSetMB.toFixed(2)} MB per layer): 1 thread ${m1.toFixed(2)} ms, 2 threads ${m2.toFixed(2)} ms, ×${row.speedUp.toFixed(2)} (${row.oneThreadGmacPerS.toFixed(1)} → ${row.twoThreadGmacPerS.toFixed(1)} GMAC/s)`,
  );
}
const out = fileURLToPath(new URL('../bench-results/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(
  `${out}thread-scaling.json`,
  `${JSON.stringify(
    {
      benchmark: 'fused LightGCN step (3 layers, 61 directed edges per node), 1 vs 2 threads, by width, node count and batch',
      command: `pnpm --filter @scall/kernels bench:threads -- ${argv.join(' ')}`.trim(),
      date: new Date().toISOString(),
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      rounds: ROUNDS,
      stepsPerRound: STEPS,
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg(),
      rows,
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${out}thread-scaling.json`);
