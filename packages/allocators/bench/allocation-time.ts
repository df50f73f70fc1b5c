// Allocation time of the SCALL allocator (power law, deterministic expected proportions)
// against a Monte-Carlo implementation of the reference rule (100 sorted normalised
// draws averaged, clip-and-rescale loop, rounding, sort-based frequency ranking).
// Usage: pnpm --filter @scall/allocators bench  → bench-results/allocation-time.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { powerLaw } from '@scall/distribution-power-law';
import { createRng } from '@scall/rng';
import type { Rng } from '@scall/spec';
import { createScallAllocator } from '../src/index.js';

const MIN = 1;
const MAX = 256;
const MEAN_SIZE = 32;
const SHAPE = 0.5;

function frequencies(n: number, rng: Rng): Int32Array {
  return Int32Array.from({ length: n }, () => (rng.next() < 0.2 ? 0 : Math.floor(1 / (1e-3 + rng.next()))));
}

/** The reference rule with `draws` Monte-Carlo draws (the reference uses 100). */
function referenceSide(freqs: Int32Array, budget: number, draws: number, rng: Rng): Int32Array {
  const n = freqs.length;
  const mean = new Float64Array(n);
  const c = 1 / SHAPE;
  for (let r = 0; r < draws; r++) {
    const x = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += x[i] = rng.next() ** c;
    x.sort().reverse();
    for (let i = 0; i < n; i++) mean[i] += x[i] / sum / draws;
  }
  let sizes = mean.map((p) => Math.max(MIN, p * budget));
  const t0 = performance.now();
  for (;;) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const s of sizes) {
      lo = Math.min(lo, s);
      hi = Math.max(hi, s);
    }
    if ((hi <= MAX && lo >= MIN) || performance.now() - t0 > 1000) break;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += sizes[i] = Math.min(MAX, Math.max(MIN, sizes[i]));
    sizes = sizes.map((s) => (s / sum) * budget);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => freqs[b] - freqs[a] || b - a);
  const out = new Int32Array(n);
  for (let r = 0; r < n; r++) out[order[r]] = Math.round(sizes[r]);
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rng = createRng(1);
const allocator = createScallAllocator({ distribution: powerLaw });
const rows = [];
for (const [n, repeats, mcDraws] of [
  [10_000, 7, 100],
  [1_000_000, 5, 5],
  [10_000_000, 2, 1],
] as const) {
  const nUsers = Math.round(0.4 * n);
  const userFrequencies = frequencies(nUsers, rng);
  const itemFrequencies = frequencies(n - nUsers, rng);
  const budget = MEAN_SIZE * n;
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    allocator.allocate({ budgetParameters: budget, userFrequencies, itemFrequencies, userShare: 0.4, userShape: SHAPE, itemShape: SHAPE, minSize: MIN, maxSize: MAX });
    times.push(performance.now() - t);
  }
  const t = performance.now();
  const u = referenceSide(userFrequencies, Math.floor(0.4 * budget), mcDraws, rng);
  const i = referenceSide(itemFrequencies, budget - Math.floor(0.4 * budget), mcDraws, rng);
  const mcMs = performance.now() - t;
  let used = 0;
  for (const s of u) used += s;
  for (const s of i) used += s;
  const row = {
    entities: n,
    scallMedianMs: Math.round(median(times) * 10) / 10,
    scallRuns: repeats,
    referenceDraws: mcDraws,
    referenceMs: Math.round(mcMs),
    referenceMsAt100DrawsEstimated: Math.round((mcMs * 100) / mcDraws),
    referenceOverBudgetBy: used - budget,
  };
  console.log(row);
  rows.push(row);
}
mkdirSync(new URL('../bench-results/', import.meta.url), { recursive: true });
writeFileSync(
  new URL('../bench-results/allocation-time.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), node: process.version, distribution: 'power-law', shape: SHAPE, meanSize: MEAN_SIZE, minSize: MIN, maxSize: MAX, rows }, null, 2),
);
