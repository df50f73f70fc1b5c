// Bench-only helpers: ML-100K read directly from u.data, a per-user 80/20 split, a
// uniform BPR sampler, popularity and a small Recall@K (used when @scall/evaluation is absent).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng, shuffle } from '@scall/rng';
import type { Interactions, Rng, SizePlan, TripleBatch, TripleSampler } from '@scall/spec';

export interface Ml100kSplit {
  readonly numUsers: number;
  readonly numItems: number;
  readonly train: Interactions;
  /** Test items per user. */
  readonly test: Int32Array[];
  /** Train items per user. */
  readonly trainItems: Int32Array[];
}

/** Default data file: `../shared/data/ml-100k/u.data` beside the repository root. */
export const ML100K_DATA = fileURLToPath(new URL('../../../../shared/data/ml-100k/u.data', import.meta.url));

/** Per-user random 80/20 split (the first round(0.8 n) of a shuffled list train) of `u.data`. */
export function loadMl100k(seed: number, dataFile: string = ML100K_DATA): Ml100kSplit {
  const lines = readFileSync(dataFile, 'utf8').trim().split('\n');
  const byUser = new Map<number, number[]>();
  let numUsers = 0;
  let numItems = 0;
  for (const line of lines) {
    const [u, i] = line.split('\t').map(Number);
    numUsers = Math.max(numUsers, u);
    numItems = Math.max(numItems, i);
    const list = byUser.get(u - 1) ?? [];
    list.push(i - 1);
    byUser.set(u - 1, list);
  }
  const rng = createRng(seed);
  const users: number[] = [];
  const items: number[] = [];
  const test: Int32Array[] = [];
  const trainItems: Int32Array[] = [];
  for (let u = 0; u < numUsers; u++) {
    const list = shuffle(rng, Int32Array.from(byUser.get(u) ?? []));
    const cut = Math.round(list.length * 0.8);
    trainItems.push(list.slice(0, cut).sort());
    test.push(list.slice(cut));
    for (const i of list.subarray(0, cut)) {
      users.push(u);
      items.push(i);
    }
  }
  const train: Interactions = { users: Int32Array.from(users), items: Int32Array.from(items), timestamps: new Float64Array(users.length), length: users.length };
  return { numUsers, numItems, train, test, trainItems };
}

export function uniformSampler(split: Ml100kSplit): TripleSampler {
  const seen = new Uint8Array(split.numUsers * split.numItems);
  const pool: number[] = [];
  split.trainItems.forEach((list, u) => {
    if (list.length) pool.push(u);
    for (const i of list) seen[u * split.numItems + i] = 1;
  });
  return {
    sample(batchSize: number, rng: Rng, out?: TripleBatch): TripleBatch {
      const b = out && out.users.length === batchSize ? out : { users: new Int32Array(batchSize), positives: new Int32Array(batchSize), negatives: new Int32Array(batchSize) };
      for (let k = 0; k < batchSize; k++) {
        const u = pool[rng.nextInt(pool.length)];
        const list = split.trainItems[u];
        let n = rng.nextInt(split.numItems);
        while (seen[u * split.numItems + n]) n = rng.nextInt(split.numItems);
        (b.users as Int32Array)[k] = u;
        (b.positives as Int32Array)[k] = list[rng.nextInt(list.length)];
        (b.negatives as Int32Array)[k] = n;
      }
      return b;
    },
  };
}

/** Indices of the `k` largest finite scores, best first (partial selection, no full sort). */
export function topK(scores: Float32Array, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s === -Infinity) continue;
    if (top.length === k && s <= scores[top[k - 1]]) continue;
    let j = top.length === k ? k - 1 : top.length;
    while (j > 0 && scores[top[j - 1]] < s) {
      top[j] = top[j - 1];
      j--;
    }
    top[j] = i;
  }
  return top;
}

/** Mean Recall@K over users with test items; full catalogue, training items masked. */
export function recallAtK(split: Ml100kSplit, score: (users: Int32Array) => Float32Array, k: number): number {
  let sum = 0;
  let count = 0;
  const batch = 256;
  for (let start = 0; start < split.numUsers; start += batch) {
    const users = Int32Array.from({ length: Math.min(batch, split.numUsers - start) }, (_, j) => start + j);
    const scores = score(users);
    users.forEach((u, row) => {
      const rel = split.test[u];
      if (!rel.length) return;
      const s = scores.subarray(row * split.numItems, (row + 1) * split.numItems);
      for (const i of split.trainItems[u]) s[i] = -Infinity;
      const set = new Set(rel);
      sum += topK(s, k).filter((i) => set.has(i)).length / rel.length;
      count++;
    });
  }
  return sum / count;
}

/** Per-entity interaction counts in the training part. */
export function frequencies(split: Ml100kSplit): { users: Float64Array; items: Float64Array } {
  const users = new Float64Array(split.numUsers);
  const items = new Float64Array(split.numItems);
  for (let k = 0; k < split.train.length; k++) {
    users[split.train.users[k]]++;
    items[split.train.items[k]]++;
  }
  return { users, items };
}

/**
 * A power-law-like plan: sizes MAX * (rank + 1)^-a by frequency rank, clipped to
 * [1, MAX], with `a` found by bisection so the mean size is about `mean`.
 */
export function powerLawPlan(split: Ml100kSplit, mean: number, maxSize: number): SizePlan {
  const freq = frequencies(split);
  const sizesFor = (f: Float64Array, a: number) => {
    const order = Array.from(f.keys()).sort((x, y) => f[y] - f[x] || x - y);
    const sizes = new Int32Array(f.length);
    order.forEach((e, r) => (sizes[e] = Math.max(1, Math.min(maxSize, Math.round(maxSize * (r + 1) ** -a)))));
    return sizes;
  };
  let lo = 0;
  let hi = 5;
  for (let it = 0; it < 50; it++) {
    const a = (lo + hi) / 2;
    const total = [freq.users, freq.items].reduce((s, f) => s + sizesFor(f, a).reduce((t, v) => t + v, 0), 0);
    if (total / (split.numUsers + split.numItems) > mean) lo = a;
    else hi = a;
  }
  const userSizes = sizesFor(freq.users, hi);
  const itemSizes = sizesFor(freq.items, hi);
  const budgetParameters = userSizes.reduce((s, v) => s + v, 0) + itemSizes.reduce((s, v) => s + v, 0);
  return { userSizes, itemSizes, minSize: 1, maxSize, budgetParameters };
}

/** Every entity at `size`. */
export function uniformPlan(split: Ml100kSplit, size: number, maxSize = 256): SizePlan {
  const userSizes = new Int32Array(split.numUsers).fill(size);
  const itemSizes = new Int32Array(split.numItems).fill(size);
  return { userSizes, itemSizes, minSize: 1, maxSize, budgetParameters: size * (split.numUsers + split.numItems) };
}

/** The three plans the step benchmarks compare: d = 64, d = 256, power-law mean 32 / MAX 256. */
export function benchPlans(split: Ml100kSplit): [string, SizePlan][] {
  return [
    ['d=64', uniformPlan(split, 64)],
    ['d=256', uniformPlan(split, 256)],
    ['power-law mean 32 / MAX 256', powerLawPlan(split, 32, 256)],
  ];
}
