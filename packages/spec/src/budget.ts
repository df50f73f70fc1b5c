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
  | {
      readonly kind: 'bytes';
      readonly bytes: number;
      /** Bytes one parameter takes (default {@link FLOAT32_BYTES}). */
      readonly bytesPerParameter?: number;
      /** The unit the budget was written in (`B=0.05MB`: `'MB'`); only how it is shown, `bytes` is what counts. */
      readonly unit?: ByteUnit;
    }
  | { readonly kind: 'mean-size'; readonly meanSize: number }
  | { readonly kind: 'sparsity'; readonly sparsity: number; readonly maxSize: number };

/** The units a bytes budget can be written in (powers of 10: `KB` = 10^3 bytes, as the paper's "MB"). */
export type ByteUnit = 'B' | 'KB' | 'MB' | 'GB';

/** Bytes per float32 parameter, the width the paper assumes. */
export const FLOAT32_BYTES = 4;

/**
 * Bytes one parameter takes under `budget`: a bytes budget's `bytesPerParameter`, else
 * {@link FLOAT32_BYTES}. What turns a parameter count into bytes (`budgetBytes` in results).
 *
 * @throws {RangeError} for a `bytesPerParameter` that is not above 0.
 */
export function bytesPerParameter(budget: Budget): number {
  const width = budget.kind === 'bytes' ? (budget.bytesPerParameter ?? FLOAT32_BYTES) : FLOAT32_BYTES;
  if (!(width > 0)) throw new RangeError(`Budget bytesPerParameter must be > 0 (got ${width})`);
  return width;
}

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
    case 'bytes':
      if (!(budget.bytes >= 0)) throw new RangeError(`Budget bytes must be >= 0 (got ${budget.bytes})`);
      return Math.floor(budget.bytes / bytesPerParameter(budget));
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
