import { sparseRowsFrom, type SparseLayoutV1 } from '@scall/spec';

/** Candidate scores of one side: row-major `[entities, maxSize]`; larger is better, `-Infinity` never chosen. */
export interface SideScores {
  readonly users: Float64Array;
  readonly items: Float64Array;
}

/**
 * The element-wise layout with at most `budget` active parameters that (1) gives every
 * entity its `minActive` best-scoring dimensions, then (2) spends the rest on the
 * globally best remaining (entity, dimension) scores. Candidates are ranked by score,
 * ties by position, so the choice is deterministic. Entities with fewer than `minActive`
 * finite scores get what they have.
 *
 * @example
 * const layout = selectLayout({ users, items }, 128, 5_000, 1);
 */
export function selectLayout(scores: SideScores, maxSize: number, budget: number, minActive: number): SparseLayoutV1 {
  const numUsers = scores.users.length / maxSize;
  const numItems = scores.items.length / maxSize;
  if (!Number.isInteger(numUsers) || !Number.isInteger(numItems)) throw new RangeError(`selectLayout: score arrays must hold a multiple of maxSize ${maxSize} values`);
  const n = numUsers + numItems;
  if (!(minActive * n <= budget)) throw new RangeError(`selectLayout: a minimum of ${minActive} per entity needs ${minActive * n} parameters, over the budget of ${budget}`);
  const score = (p: number) => (p < numUsers * maxSize ? scores.users[p] : scores.items[p - numUsers * maxSize]);
  const chosen = new Uint8Array(n * maxSize);
  let used = 0;
  // (1) per-entity minimum.
  const order = new Int32Array(maxSize);
  for (let e = 0; e < n && minActive > 0; e++) {
    const base = e * maxSize;
    for (let d = 0; d < maxSize; d++) order[d] = d;
    order.sort((a, b) => score(base + b) - score(base + a) || a - b);
    for (let j = 0; j < minActive && j < maxSize; j++) {
      if (score(base + order[j]) === -Infinity) break;
      chosen[base + order[j]] = 1;
      used++;
    }
  }
  // (2) global best of the rest.
  if (used < budget) {
    let count = 0;
    for (let p = 0; p < chosen.length; p++) if (!chosen[p] && score(p) !== -Infinity) count++;
    const rest = new Int32Array(count);
    for (let p = 0, c = 0; p < chosen.length; p++) if (!chosen[p] && score(p) !== -Infinity) rest[c++] = p;
    const s = Float64Array.from(rest, score);
    const idx = Int32Array.from({ length: count }, (_, k) => k);
    idx.sort((a, b) => s[b] - s[a] || rest[a] - rest[b]);
    for (let j = 0; j < count && used < budget; j++) {
      chosen[rest[idx[j]]] = 1;
      used++;
    }
  }
  const rows = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, k) => {
      const base = (from + k) * maxSize;
      const dims: number[] = [];
      for (let d = 0; d < maxSize; d++) if (chosen[base + d]) dims.push(d);
      return dims;
    });
  return { specificationVersion: 'v1', maxSize, users: sparseRowsFrom(maxSize, rows(0, numUsers)), items: sparseRowsFrom(maxSize, rows(numUsers, n)) };
}
