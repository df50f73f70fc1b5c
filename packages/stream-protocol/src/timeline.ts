import type { Interactions } from '@scall/spec';
import { DatasetError } from './dataset-error.js';
import type { RawInteractions } from './raw-interactions.js';

/**
 * What to do with repeated (user, item) pairs: `'first'` keeps only the earliest
 * interaction of each pair (ties: the earlier row in the file), `'keep'` keeps them all.
 */
export type DedupePolicy = 'first' | 'keep';

/** The whole stream in time order with dense ids, before segmenting. */
export interface Timeline extends Interactions {
  readonly numUsers: number;
  readonly numItems: number;
  /** Row (in time order) where each dense user id first appears; ascending by construction. */
  readonly firstRowOfUser: Int32Array;
  /** Row where each dense item id first appears; ascending. */
  readonly firstRowOfItem: Int32Array;
  /** Source id (index into the raw interactions' users) of each dense user id. */
  readonly rawUserOf: Int32Array;
  /** Source id of each dense item id. */
  readonly rawItemOf: Int32Array;
  /** Rows removed as repeated pairs / by the k-core filter. */
  readonly duplicatesRemoved: number;
  readonly kCoreRemoved: number;
}

/**
 * Puts raw interactions in stream order: a stable sort by timestamp whose ties keep
 * file order, then de-duplication, then the iterative k-core filter (users and items
 * with fewer than `kCore` interactions are dropped until none are left), then dense
 * re-indexing of users and items by first appearance.
 *
 * @throws {DatasetError} when no row is left.
 */
export function buildTimeline(raw: RawInteractions, options: { dedupe: DedupePolicy; kCore: number }): Timeline {
  const n = raw.length;
  const ts = raw.timestamps;
  if (n === 0) throw new DatasetError('the stream is empty (no interactions were read)', { file: raw.source });
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (ts[i] < ts[i - 1]) sorted = false;
  if (!sorted) order.sort((a, b) => ts[a] - ts[b] || a - b);

  const alive = new Uint8Array(n).fill(1);
  let duplicatesRemoved = 0;
  if (options.dedupe === 'first') duplicatesRemoved = markDuplicates(raw, order, alive);
  const kCoreRemoved = options.kCore > 1 ? markKCore(raw, order, alive, options.kCore) : 0;

  const length = n - duplicatesRemoved - kCoreRemoved;
  if (length === 0) {
    throw new DatasetError(`the stream is empty after the ${options.kCore}-core filter (option "kCore"); all ${n} rows were removed`, { file: raw.source });
  }
  const rows = new Int32Array(length);
  for (let p = 0, row = 0; p < n; p++) if (alive[p] === 1) rows[row++] = order[p];
  return { ...renumberRows(raw, rows), duplicatesRemoved, kCoreRemoved };
}

/** Marks every repeat of a (user, item) pair after its first occurrence in `order`. */
function markDuplicates(raw: RawInteractions, order: Uint32Array, alive: Uint8Array): number {
  const n = order.length;
  // Group positions by user (counting sort keeps time order inside each user).
  const offsets = new Int32Array(raw.numUsers + 1);
  for (let p = 0; p < n; p++) offsets[raw.users[order[p]] + 1]++;
  for (let u = 0; u < raw.numUsers; u++) offsets[u + 1] += offsets[u];
  const cursor = offsets.slice(0, raw.numUsers);
  const byUser = new Int32Array(n);
  for (let p = 0; p < n; p++) byUser[cursor[raw.users[order[p]]]++] = p;
  const stamp = new Int32Array(raw.numItems).fill(-1);
  let removed = 0;
  for (let u = 0; u < raw.numUsers; u++) {
    for (let k = offsets[u]; k < offsets[u + 1]; k++) {
      const p = byUser[k];
      const item = raw.items[order[p]];
      if (stamp[item] === u) {
        alive[p] = 0;
        removed++;
      } else {
        stamp[item] = u;
      }
    }
  }
  return removed;
}

/** Iteratively marks rows of users or items with fewer than `k` live rows. */
function markKCore(raw: RawInteractions, order: Uint32Array, alive: Uint8Array, k: number): number {
  const n = order.length;
  const userDegree = new Int32Array(raw.numUsers);
  const itemDegree = new Int32Array(raw.numItems);
  for (let p = 0; p < n; p++) {
    if (alive[p] === 0) continue;
    userDegree[raw.users[order[p]]]++;
    itemDegree[raw.items[order[p]]]++;
  }
  let removed = 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (let p = 0; p < n; p++) {
      if (alive[p] === 0) continue;
      const u = raw.users[order[p]];
      const i = raw.items[order[p]];
      if (userDegree[u] < k || itemDegree[i] < k) {
        alive[p] = 0;
        userDegree[u]--;
        itemDegree[i]--;
        removed++;
        changed = true;
      }
    }
  }
  return removed;
}

/** Number of entities whose first row is before `row` (first rows are ascending). */
export function countFirstSeenBefore(firstRows: Int32Array, row: number): number {
  let lo = 0;
  let hi = firstRows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (firstRows[mid] < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The rows `rows` of `source` (row ids, in that order) as a timeline whose users and items
 * are re-numbered densely by first appearance; `rawUserOf` / `rawItemOf` map source ids to
 * the raw ids recorded (identity when absent). One renumbering for `buildTimeline` and the
 * random per-user split.
 */
export function renumberRows(
  source: { readonly users: Int32Array; readonly items: Int32Array; readonly timestamps: Float64Array; readonly numUsers: number; readonly numItems: number; readonly rawUserOf?: Int32Array; readonly rawItemOf?: Int32Array },
  rows: Int32Array,
): Omit<Timeline, 'duplicatesRemoved' | 'kCoreRemoved'> {
  const n = rows.length;
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const timestamps = new Float64Array(n);
  const userMap = new Int32Array(source.numUsers).fill(-1);
  const itemMap = new Int32Array(source.numItems).fill(-1);
  const rawUserOf: number[] = [];
  const rawItemOf: number[] = [];
  const firstRowOfUser: number[] = [];
  const firstRowOfItem: number[] = [];
  for (let row = 0; row < n; row++) {
    const r = rows[row];
    const su = source.users[r];
    const si = source.items[r];
    let u = userMap[su];
    if (u === -1) {
      u = userMap[su] = rawUserOf.length;
      rawUserOf.push(source.rawUserOf ? source.rawUserOf[su] : su);
      firstRowOfUser.push(row);
    }
    let it = itemMap[si];
    if (it === -1) {
      it = itemMap[si] = rawItemOf.length;
      rawItemOf.push(source.rawItemOf ? source.rawItemOf[si] : si);
      firstRowOfItem.push(row);
    }
    users[row] = u;
    items[row] = it;
    timestamps[row] = source.timestamps[r];
  }
  return {
    users,
    items,
    timestamps,
    length: n,
    numUsers: rawUserOf.length,
    numItems: rawItemOf.length,
    firstRowOfUser: Int32Array.from(firstRowOfUser),
    firstRowOfItem: Int32Array.from(firstRowOfItem),
    rawUserOf: Int32Array.from(rawUserOf),
    rawItemOf: Int32Array.from(rawItemOf),
  };
}
