import type { Interactions, Rng } from '@scall/spec';

/** Options of {@link nonNegativeFactorization}. */
export interface NmfOptions {
  /** Rank r (SparseRec: MAX, one component per embedding dimension). */
  readonly rank: number;
  /** Multiplicative-update iterations. Default 50. */
  readonly iterations?: number;
  /** Randomness of the positive initialisation. */
  readonly rng: Rng;
}

/** Factors of R ≈ U Vᵀ, row-major: `users[u * rank + k]`, `items[i * rank + k]`, all >= 0. */
export interface NmfFactors {
  readonly rank: number;
  readonly users: Float64Array;
  readonly items: Float64Array;
}

const EPS = 1e-12;

/** rows x r times (r x r) Gram: out = X G. */
function timesGram(x: Float64Array, rows: number, gram: Float64Array, r: number, out: Float64Array): void {
  for (let i = 0; i < rows; i++) {
    const xi = i * r;
    for (let k = 0; k < r; k++) {
      let s = 0;
      for (let j = 0; j < r; j++) s += x[xi + j] * gram[j * r + k];
      out[xi + k] = s;
    }
  }
}

function gram(x: Float64Array, rows: number, r: number): Float64Array {
  const g = new Float64Array(r * r);
  for (let i = 0; i < rows; i++) {
    const xi = i * r;
    for (let j = 0; j < r; j++) {
      const v = x[xi + j];
      if (v === 0) continue;
      for (let k = j; k < r; k++) g[j * r + k] += v * x[xi + k];
    }
  }
  for (let j = 0; j < r; j++) for (let k = 0; k < j; k++) g[j * r + k] = g[k * r + j];
  return g;
}

/**
 * Non-negative matrix factorisation of the binary user x item interaction matrix
 * (duplicates count once) by Lee & Seung's multiplicative updates for the Frobenius
 * loss: `U <- U ⊙ (R V) / (U VᵀV)`, then `V <- V ⊙ (Rᵀ U) / (V UᵀU)`. The start is
 * uniform in (0, sqrt(density / r)] from `rng`, so the same seed gives the same factors.
 * Finally every component k is rescaled so that ||U_k|| = ||V_k|| (the product is
 * unchanged), which makes user and item scores comparable.
 *
 * @example
 * const { users, items } = nonNegativeFactorization(segment.graph, nUsers, nItems, { rank: 128, rng });
 */
export function nonNegativeFactorization(graph: Interactions, numUsers: number, numItems: number, options: NmfOptions): NmfFactors {
  const r = options.rank;
  const iterations = options.iterations ?? 50;
  if (!(Number.isInteger(r) && r >= 1)) throw new RangeError(`nonNegativeFactorization: rank must be a positive integer (got ${r})`);
  if (!(Number.isInteger(iterations) && iterations >= 0)) throw new RangeError(`nonNegativeFactorization: iterations must be an integer >= 0 (got ${iterations})`);
  // Distinct pairs as CSR by user and by item.
  const seen = new Set<number>();
  const pu: number[] = [];
  const pi: number[] = [];
  for (let k = 0; k < graph.length; k++) {
    const u = graph.users[k];
    const i = graph.items[k];
    if (!(u >= 0 && u < numUsers && i >= 0 && i < numItems)) throw new RangeError(`nonNegativeFactorization: interaction ${k} (${u}, ${i}) is outside ${numUsers} users x ${numItems} items`);
    const key = u * numItems + i;
    if (seen.has(key)) continue;
    seen.add(key);
    pu.push(u);
    pi.push(i);
  }
  const csr = (rows: number[], cols: number[], n: number) => {
    const ptr = new Int32Array(n + 1);
    for (const x of rows) ptr[x + 1]++;
    for (let x = 0; x < n; x++) ptr[x + 1] += ptr[x];
    const fill = ptr.slice(0, n);
    const col = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) col[fill[rows[k]]++] = cols[k];
    return { ptr, col };
  };
  const byUser = csr(pu, pi, numUsers);
  const byItem = csr(pi, pu, numItems);
  const density = pu.length / Math.max(1, numUsers * numItems);
  const scale = Math.sqrt(Math.max(density, EPS) / r);
  const users = new Float64Array(numUsers * r);
  const items = new Float64Array(numItems * r);
  for (let k = 0; k < users.length; k++) users[k] = scale * (1 - options.rng.next());
  for (let k = 0; k < items.length; k++) items[k] = scale * (1 - options.rng.next());

  const update = (x: Float64Array, rows: number, other: Float64Array, adjacency: { ptr: Int32Array; col: Int32Array }) => {
    const g = gram(other, other.length / r, r);
    const denominator = new Float64Array(x.length);
    timesGram(x, rows, g, r, denominator);
    for (let a = 0; a < rows; a++) {
      const base = a * r;
      const numerator = new Float64Array(r);
      for (let e = adjacency.ptr[a]; e < adjacency.ptr[a + 1]; e++) {
        const ob = adjacency.col[e] * r;
        for (let k = 0; k < r; k++) numerator[k] += other[ob + k];
      }
      for (let k = 0; k < r; k++) x[base + k] *= numerator[k] / (denominator[base + k] + EPS);
    }
  };
  for (let t = 0; t < iterations; t++) {
    update(users, numUsers, items, byUser);
    update(items, numItems, users, byItem);
  }
  // Balance component norms.
  for (let k = 0; k < r; k++) {
    let nu = 0;
    let ni = 0;
    for (let u = 0; u < numUsers; u++) nu += users[u * r + k] ** 2;
    for (let i = 0; i < numItems; i++) ni += items[i * r + k] ** 2;
    if (nu <= 0 || ni <= 0) continue;
    const s = Math.sqrt(Math.sqrt(ni) / Math.sqrt(nu));
    for (let u = 0; u < numUsers; u++) users[u * r + k] *= s;
    for (let i = 0; i < numItems; i++) items[i * r + k] /= s;
  }
  return { rank: r, users, items };
}

/** Frobenius reconstruction error ||R - U Vᵀ||² over the distinct pairs and all zeros (for tests and diagnostics; O(users x items x r)). */
export function nmfReconstructionError(graph: Interactions, numUsers: number, numItems: number, factors: NmfFactors): number {
  const r = factors.rank;
  const ones = new Set<number>();
  for (let k = 0; k < graph.length; k++) ones.add(graph.users[k] * numItems + graph.items[k]);
  let error = 0;
  for (let u = 0; u < numUsers; u++) {
    for (let i = 0; i < numItems; i++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += factors.users[u * r + k] * factors.items[i * r + k];
      error += ((ones.has(u * numItems + i) ? 1 : 0) - s) ** 2;
    }
  }
  return error;
}
