import type { EmbeddingState, RaggedEmbeddings } from '@scall/spec';

/** Length of SCALL's state: `2G + 2 + 2 MAX + 2` (1028 for G = MAX = 256). */
export function stateSize(groups: number, maxSize: number): number {
  return 2 * groups + 2 + 2 * maxSize + 2;
}

/**
 * Frequencies sorted descending, min-max normalised, then mean-pooled into `groups`
 * contiguous runs of `ceil(n / groups)` entities (zero where a population is smaller
 * than `groups`). Writes into `out` from `offset`.
 */
export function poolFrequencies(frequencies: ArrayLike<number>, groups: number, out: Float32Array, offset: number): void {
  const n = frequencies.length;
  const sorted = Float64Array.from(frequencies).sort().reverse();
  const max = n ? sorted[0] : 0;
  const min = n ? sorted[n - 1] : 0;
  const range = max - min;
  const run = Math.max(1, Math.ceil(n / groups));
  for (let g = 0; g < groups; g++) {
    const start = g * run;
    const end = Math.min(n, start + run);
    let sum = 0;
    for (let i = start; i < end; i++) sum += range > 0 ? (sorted[i] - min) / range : 0;
    out[offset + g] = end > start ? sum / (end - start) : 0;
  }
}

/** The mean of ragged embeddings, zero-padded to `maxSize`. Writes into `out` from `offset`. */
export function meanEmbedding(embeddings: RaggedEmbeddings, maxSize: number, out: Float32Array, offset: number): void {
  const n = embeddings.sizes.length;
  const sum = new Float64Array(maxSize);
  for (let e = 0; e < n; e++) {
    const start = embeddings.offsets[e];
    const size = Math.min(embeddings.sizes[e], maxSize);
    for (let d = 0; d < size; d++) sum[d] += embeddings.values[start + d];
  }
  for (let d = 0; d < maxSize; d++) out[offset + d] = n ? sum[d] / n : 0;
}

/** What a SCALL state is built from. */
export interface StateInput {
  readonly userFrequencies: ArrayLike<number>;
  readonly itemFrequencies: ArrayLike<number>;
  readonly lastReward: number;
  readonly embeddings: EmbeddingState | undefined;
  /** Spread of user sizes `rho (max p_u - min p_u) P / (MAX - MIN)` and the same for items. */
  readonly userSpread: number;
  readonly itemSpread: number;
  readonly groups: number;
  readonly maxSize: number;
}

/**
 * SCALL's fixed-length state (§5 "State"): pooled user and item frequencies, the last
 * reward, the user share, the mean user and item embeddings (MAX wide), and the two
 * size spreads.
 */
export function buildState(input: StateInput): Float32Array {
  const { groups, maxSize } = input;
  const state = new Float32Array(stateSize(groups, maxSize));
  poolFrequencies(input.userFrequencies, groups, state, 0);
  poolFrequencies(input.itemFrequencies, groups, state, groups);
  const nUsers = input.userFrequencies.length;
  const nItems = input.itemFrequencies.length;
  state[2 * groups] = input.lastReward;
  state[2 * groups + 1] = nUsers + nItems > 0 ? nUsers / (nUsers + nItems) : 0;
  if (input.embeddings) {
    meanEmbedding(input.embeddings.users, maxSize, state, 2 * groups + 2);
    meanEmbedding(input.embeddings.items, maxSize, state, 2 * groups + 2 + maxSize);
  }
  state[2 * groups + 2 + 2 * maxSize] = input.userSpread;
  state[2 * groups + 3 + 2 * maxSize] = input.itemSpread;
  return state;
}
