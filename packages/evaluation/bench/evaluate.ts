// Time of one full evaluation pass on ML-100K (per-user time-ordered 80/20 split), with scores
// precomputed (evaluation overhead alone: masking, top-K, metrics) and with a JS
// dot-product mock at d = 64 (scoring included). Writes bench-results/evaluate.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRng, fillNormal } from '@scall/rng';
import type { RecommenderV1 } from '@scall/spec';
import { createMockRecommender, createMockSegment, createUniformPlan } from '@scall/testkit';
import type { MockPair } from '@scall/testkit';
import { Bench } from 'tinybench';
import { evaluate } from '../src/index.js';

const dataFile = fileURLToPath(new URL('../../../../shared/data/ml-100k/u.data', import.meta.url));
const rows = readFileSync(dataFile, 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split('\t').map(Number))
  .sort((a, b) => a[3] - b[3]);
// dense ids by first appearance
const userId = new Map<number, number>();
const itemId = new Map<number, number>();
const pairs: MockPair[] = rows.map(([u, i]) => {
  if (!userId.has(u)) userId.set(u, userId.size);
  if (!itemId.has(i)) itemId.set(i, itemId.size);
  return [userId.get(u)!, itemId.get(i)!];
});
// per-user 80/20 split in time order (every user is evaluated)
const byUser = new Map<number, MockPair[]>();
for (const p of pairs) byUser.set(p[0], [...(byUser.get(p[0]) ?? []), p]);
const train: MockPair[] = [];
const rest: MockPair[] = [];
for (const list of byUser.values()) {
  const cut = Math.floor(list.length * 0.8);
  train.push(...list.slice(0, cut));
  rest.push(...list.slice(cut));
}
const knownUsers = new Set(train.map(([u]) => u));
const knownItems = new Set(train.map(([, i]) => i));
const test = rest.filter(([u, i]) => knownUsers.has(u) && knownItems.has(i));
const segment = createMockSegment({ index: 0, train, test });
const numUsers = segment.numUsers;
const numItems = segment.numItems;

/** Scores read from a fixed random matrix: isolates the evaluator's own cost. */
const table = fillNormal(createRng(1), new Float32Array(numUsers * numItems));
const precomputed = {
  ...createMockRecommender(),
  name: 'precomputed',
  score(users: Int32Array, items: Int32Array) {
    const out = new Float32Array(users.length * items.length);
    for (let a = 0; a < users.length; a++) {
      const row = users[a] * numItems;
      for (let b = 0; b < items.length; b++) out[a * items.length + b] = table[row + items[b]];
    }
    return out;
  },
} as RecommenderV1;
const dot64 = createMockRecommender();
dot64.build({ graph: segment.graph, numUsers, numItems, plan: createUniformPlan(numUsers, numItems, 64), rng: createRng(2) });

// The reference rule (users and candidates from all raw test rows) on the same rows.
const withRaw = { ...segment, rawTest: segment.test };

const bench = new Bench({ iterations: 5, time: 0, warmupIterations: 1 });
const cases: [string, RecommenderV1, 'test-items' | 'catalogue'][] = [
  ['precomputed scores, test-items', precomputed, 'test-items'],
  ['precomputed scores, catalogue', precomputed, 'catalogue'],
  ['JS dot product d=64, catalogue', dot64, 'catalogue'],
];
const users: Record<string, number> = {};
bench.add('precomputed scores, reference candidates, all known users', async () => {
  users['precomputed scores, reference candidates, all known users'] = (await evaluate(precomputed, withRaw, { candidates: 'reference', users: 'all-known', ks: [10, 20, 50] })).users;
});
for (const [name, model, candidates] of cases) {
  bench.add(name, async () => {
    users[name] = (await evaluate(model, segment, { candidates, ks: [10, 20, 50] })).users;
  });
}
// A fresh segment object each time: the per-segment plan (masks, candidates) is rebuilt.
bench.add('precomputed scores, catalogue, plan rebuilt', async () => {
  users['precomputed scores, catalogue, plan rebuilt'] = (await evaluate(precomputed, { ...segment }, { candidates: 'catalogue', ks: [10, 20, 50] })).users;
});
await bench.run();
const results = bench.tasks.map((task) => {
  const r = task.result as unknown as { latency?: { p50: number; mean: number } };
  return { case: task.name, users: users[task.name], medianMs: r.latency?.p50, meanMs: r.latency?.mean };
});
const out = {
  benchmark: 'evaluate: one full pass, ks [10, 20, 50]',
  dataset: 'ml-100k, per-user time-ordered 80/20 split',
  numUsers,
  numItems,
  testRows: segment.test.length,
  node: process.version,
  loadAverage: loadavg(),
  results,
};
console.table(results);
const dir = fileURLToPath(new URL('../bench-results/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}evaluate.json`, `${JSON.stringify(out, null, 2)}\n`);
