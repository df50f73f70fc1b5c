import type { Interactions } from '@scall/spec';
import type { CsrMatrix } from './csr-matrix.js';

/**
 * The symmetric-normalised user-item adjacency `D^-1/2 A D^-1/2` of a training graph,
 * built sparsely (never dense). Nodes are users `0..numUsers-1` followed by items
 * `numUsers..numUsers+numItems-1`. Repeated (user, item) pairs count once; nodes
 * without interactions get empty rows. Memory and time are linear in the interactions.
 *
 * @example
 * const adjacency = buildNormalizedAdjacency(segment.graph, segment.numUsers, segment.numItems);
 */
export function buildNormalizedAdjacency(graph: Interactions, numUsers: number, numItems: number): CsrMatrix {
  const n = graph.length;
  const { users, items } = graph;
  // Counting sort of interactions by user.
  const userStart = new Int32Array(numUsers + 1);
  for (let k = 0; k < n; k++) {
    const u = users[k];
    const i = items[k];
    if (!(u >= 0 && u < numUsers)) throw new RangeError(`buildNormalizedAdjacency: interaction ${k} has user ${u}, outside [0, ${numUsers})`);
    if (!(i >= 0 && i < numItems)) throw new RangeError(`buildNormalizedAdjacency: interaction ${k} has item ${i}, outside [0, ${numItems})`);
    userStart[u + 1]++;
  }
  for (let u = 0; u < numUsers; u++) userStart[u + 1] += userStart[u];
  const fill = userStart.slice(0, numUsers);
  const byUser = new Int32Array(n);
  for (let k = 0; k < n; k++) byUser[fill[users[k]]++] = items[k];
  // Sort and de-duplicate each user's items.
  const userDegree = new Int32Array(numUsers);
  const itemDegree = new Int32Array(numItems);
  const pairItems = new Int32Array(n);
  const pairStart = new Int32Array(numUsers + 1);
  let m = 0;
  for (let u = 0; u < numUsers; u++) {
    const row = byUser.subarray(userStart[u], userStart[u + 1]).sort();
    pairStart[u] = m;
    for (let j = 0; j < row.length; j++) {
      if (j > 0 && row[j] === row[j - 1]) continue;
      pairItems[m++] = row[j];
      itemDegree[row[j]]++;
    }
    userDegree[u] = m - pairStart[u];
  }
  pairStart[numUsers] = m;
  const nodes = numUsers + numItems;
  const rowPointers = new Int32Array(nodes + 1);
  for (let u = 0; u < numUsers; u++) rowPointers[u + 1] = userDegree[u];
  for (let i = 0; i < numItems; i++) rowPointers[numUsers + i + 1] = itemDegree[i];
  for (let r = 0; r < nodes; r++) rowPointers[r + 1] += rowPointers[r];
  const columnIndices = new Int32Array(2 * m);
  const values = new Float32Array(2 * m);
  const itemFill = rowPointers.slice(numUsers, nodes);
  for (let u = 0; u < numUsers; u++) {
    let out = rowPointers[u];
    for (let p = pairStart[u]; p < pairStart[u + 1]; p++) {
      const i = pairItems[p];
      const w = 1 / Math.sqrt(userDegree[u] * itemDegree[i]);
      columnIndices[out] = numUsers + i;
      values[out++] = w;
      const q = itemFill[i]++;
      columnIndices[q] = u;
      values[q] = w;
    }
  }
  return { numRows: nodes, numColumns: nodes, rowPointers, columnIndices, values, symmetric: true };
}
