import type { TripleBatch } from '@scall/spec';

/**
 * The node ids of a BPR batch in one buffer: users, then positives, then negatives, items
 * shifted past the `numUsers` users (the row order of the propagation matrix). Checks
 * that the three arrays have one length and every id lies in its range; errors name the
 * first offending triple.
 *
 * @example
 * const nodes = batchNodeIds(batch, numUsers, numItems); // [u_0..u_b, p_0 + U.., n_0 + U..]
 */
export function batchNodeIds(batch: TripleBatch, numUsers: number, numItems: number): Int32Array {
  const b = batch.users.length;
  if (batch.positives.length !== b || batch.negatives.length !== b) {
    throw new RangeError(`train: the sampler returned ${b} users, ${batch.positives.length} positives and ${batch.negatives.length} negatives`);
  }
  const nodes = new Int32Array(3 * b);
  for (let k = 0; k < b; k++) {
    const u = batch.users[k];
    const p = batch.positives[k];
    const q = batch.negatives[k];
    if (!(u >= 0 && u < numUsers)) throw new RangeError(`train: batch user ${k} is ${u}, outside [0, ${numUsers})`);
    if (!(p >= 0 && p < numItems && q >= 0 && q < numItems)) throw new RangeError(`train: batch triple ${k} has items (${p}, ${q}), outside [0, ${numItems})`);
    nodes[k] = u;
    nodes[b + k] = p + numUsers;
    nodes[2 * b + k] = q + numUsers;
  }
  return nodes;
}
