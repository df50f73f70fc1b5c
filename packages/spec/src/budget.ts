/**
 * A memory budget for all user and item embeddings.
 *
 * - `bytes` — SCALL's "B": a fixed number of bytes whatever the population. With
 *   float32 (4 bytes per parameter) the paper's "B MB" is `B * 1e6` bytes, i.e.
 *   `250,000 * B` parameters.
 * - `mean-size` — SCALL's "c": the mean size over all current users and items, so the
 *   parameter total grows with the population: `P = c * (nUsers + nItems)`.
 * - `sparsity` — the fraction of a MAX-wide table that is removed:
 *   `P = (1 - sparsity) * maxSize * (nUsers + nItems)`.
 */
export type Budget =
  | { readonly kind: 'bytes'; readonly bytes: number; readonly bytesPerParameter?: number }
  | { readonly kind: 'mean-size'; readonly meanSize: number }
  | { readonly kind: 'sparsity'; readonly sparsity: number; readonly maxSize: number };

/** Bytes per float32 parameter, the width the paper assumes. */
export const FLOAT32_BYTES = 4;

/** Bytes in the paper's "MB" (10^6 bytes, not 2^20). */
export const BYTES_PER_MB = 1_000_000;

/**
 * The number of embedding parameters a budget allows for a population.
 * Always an integer (rounded down).
 *
 * @example
 * budgetParameters({ kind: 'bytes', bytes: 1e6 }, 10, 10) // 250000
 * budgetParameters({ kind: 'mean-size', meanSize: 32 }, 943, 1682) // 84000
 */
export function budgetParameters(budget: Budget, nUsers: number, nItems: number): number {
  const population = nUsers + nItems;
  switch (budget.kind) {
    case 'bytes': {
      const width = budget.bytesPerParameter ?? FLOAT32_BYTES;
      if (!(budget.bytes >= 0) || !(width > 0)) {
        throw new RangeError(`Budget bytes must be >= 0 and bytesPerParameter > 0 (got bytes=${budget.bytes}, bytesPerParameter=${width})`);
      }
      return Math.floor(budget.bytes / width);
    }
    case 'mean-size':
      if (!(budget.meanSize > 0)) throw new RangeError(`Budget meanSize must be > 0 (got ${budget.meanSize})`);
      return Math.floor(budget.meanSize * population);
    case 'sparsity':
      if (!(budget.sparsity >= 0 && budget.sparsity < 1)) {
        throw new RangeError(`Budget sparsity must be in [0, 1) (got ${budget.sparsity})`);
      }
      return Math.floor((1 - budget.sparsity) * budget.maxSize * population);
  }
}
