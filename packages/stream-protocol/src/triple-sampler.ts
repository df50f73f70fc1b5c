import type { Rng, TripleBatch, TripleSampler } from '@scall/spec';
import { DatasetError } from './dataset-error.js';

/** Per-user adjacency in compressed sparse row form: user `u`'s items are `items[offsets[u]..offsets[u+1])`. */
export interface UserItemCsr {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
}

const REJECTION_TRIES = 64;

/**
 * The BPR triple sampler of SCALL §2.8 on typed arrays:
 * - a user drawn uniformly from the distinct users of the current training part;
 * - a positive drawn uniformly from that user's current training rows that are new in
 *   this segment (not replayed), or from the replayed rows if the user has no new one;
 * - a negative drawn uniformly from the known items `0..numItems-1` the user never
 *   interacted with in the training graph (rejection sampling with a binary search in
 *   the user's sorted graph items, then a deterministic scan if rejection keeps failing);
 *   with a `negativePool` (the reference sampler: the items of the current training part)
 *   the negative is drawn from the pool first and from all known items only when every
 *   pool item is one of the user's.
 *
 * The reference sampler's positives (uniform over all the user's current items) are
 * expressed by passing `newPositives[u]` = the user's full positive count.
 *
 * With `out` of matching length, `sample` allocates nothing.
 */
export class CsrTripleSampler implements TripleSampler {
  /**
   * @param trainUsers distinct users of the training part, ascending.
   * @param positives per user: the new positives first, then the replayed ones.
   * @param newPositives per user: how many of its positives are new.
   * @param graph per user: sorted items of the whole training graph.
   * @param numItems items known at this segment.
   * @param negativePool optional distinct item ids negatives are drawn from first.
   */
  constructor(
    private readonly trainUsers: Int32Array,
    private readonly positives: UserItemCsr,
    private readonly newPositives: Int32Array,
    private readonly graph: UserItemCsr,
    private readonly numItems: number,
    private readonly negativePool?: Int32Array,
  ) {}

  sample(batchSize: number, rng: Rng, out?: TripleBatch): TripleBatch {
    if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`sample(batchSize) needs a positive integer, got ${batchSize}`);
    if (this.trainUsers.length === 0) throw new DatasetError('cannot sample triples: the training part of this segment has no users');
    const batch =
      out !== undefined && out.users.length === batchSize && out.positives.length === batchSize && out.negatives.length === batchSize
        ? out
        : { users: new Int32Array(batchSize), positives: new Int32Array(batchSize), negatives: new Int32Array(batchSize) };
    const { trainUsers, newPositives, numItems } = this;
    const posOffsets = this.positives.offsets;
    const posItems = this.positives.items;
    const graphOffsets = this.graph.offsets;
    const graphItems = this.graph.items;
    const poolSize = trainUsers.length;
    for (let b = 0; b < batchSize; b++) {
      const u = trainUsers[rng.nextInt(poolSize)];
      const start = posOffsets[u];
      const fresh = newPositives[u];
      const span = fresh > 0 ? fresh : posOffsets[u + 1] - start;
      const positive = posItems[start + rng.nextInt(span)];
      const gStart = graphOffsets[u];
      const gEnd = graphOffsets[u + 1];
      let negative = -1;
      const pool = this.negativePool;
      if (pool !== undefined && pool.length > 0) {
        for (let attempt = 0; attempt < REJECTION_TRIES && negative === -1; attempt++) {
          const j = pool[rng.nextInt(pool.length)];
          if (!contains(graphItems, gStart, gEnd, j)) negative = j;
        }
        if (negative === -1) negative = scanPool(pool, graphItems, gStart, gEnd, rng.nextInt(pool.length));
        if (negative !== -1) {
          batch.users[b] = u;
          batch.positives[b] = positive;
          batch.negatives[b] = negative;
          continue;
        }
      }
      for (let attempt = 0; attempt < REJECTION_TRIES; attempt++) {
        const j = rng.nextInt(numItems);
        if (!contains(graphItems, gStart, gEnd, j)) {
          negative = j;
          break;
        }
      }
      if (negative === -1) negative = scanForNegative(graphItems, gStart, gEnd, numItems, rng.nextInt(numItems), u);
      batch.users[b] = u;
      batch.positives[b] = positive;
      batch.negatives[b] = negative;
    }
    return batch;
  }
}

function contains(items: Int32Array, start: number, end: number, item: number): boolean {
  let lo = start;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = items[mid];
    if (v === item) return true;
    if (v < item) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

function scanPool(pool: Int32Array, items: Int32Array, start: number, end: number, from: number): number {
  for (let k = 0; k < pool.length; k++) {
    const j = pool[(from + k) % pool.length];
    if (!contains(items, start, end, j)) return j;
  }
  return -1;
}

function scanForNegative(items: Int32Array, start: number, end: number, numItems: number, from: number, user: number): number {
  for (let k = 0; k < numItems; k++) {
    const j = (from + k) % numItems;
    if (!contains(items, start, end, j)) return j;
  }
  throw new DatasetError(`cannot draw a negative for user ${user}: it interacted with all ${numItems} known items`);
}

/** Builds a CSR of `users[k] -> items[k]` over `numUsers` users, each user's items sorted ascending. */
export function buildSortedCsr(users: Int32Array, items: Int32Array, numUsers: number): UserItemCsr {
  const offsets = new Int32Array(numUsers + 1);
  for (let k = 0; k < users.length; k++) offsets[users[k] + 1]++;
  for (let u = 0; u < numUsers; u++) offsets[u + 1] += offsets[u];
  const cursor = offsets.slice(0, numUsers);
  const out = new Int32Array(users.length);
  for (let k = 0; k < users.length; k++) out[cursor[users[k]]++] = items[k];
  for (let u = 0; u < numUsers; u++) {
    if (offsets[u + 1] - offsets[u] > 1) out.subarray(offsets[u], offsets[u + 1]).sort();
  }
  return { offsets, items: out };
}
