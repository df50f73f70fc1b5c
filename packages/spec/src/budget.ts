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

/**
 * Parses the CLI form of a budget: `c=32` (mean size), `B=10MB` / `B=2.5e6` (bytes;
 * units B, KB, MB, GB in powers of 10), `sparsity=0.9@256`.
 */
export function parseBudget(text: string): Budget {
  const m = /^\s*(c|B|sparsity)\s*=\s*([0-9.eE+-]+)\s*([A-Za-z]*)\s*(?:@\s*(\d+))?\s*$/.exec(text);
  if (!m) throw new SyntaxError(`Cannot parse budget "${text}": expected c=<mean size>, B=<bytes>[KB|MB|GB] or sparsity=<s>@<max>`);
  const value = Number(m[2]);
  if (!Number.isFinite(value)) throw new SyntaxError(`Budget "${text}": "${m[2]}" is not a number`);
  if (m[1] === 'c') {
    if (m[3]) throw new SyntaxError(`Budget "${text}": a mean size takes no unit`);
    return { kind: 'mean-size', meanSize: value };
  }
  if (m[1] === 'sparsity') {
    if (!m[4]) throw new SyntaxError(`Budget "${text}": sparsity needs a MAX, e.g. sparsity=0.9@256`);
    return { kind: 'sparsity', sparsity: value, maxSize: Number(m[4]) };
  }
  const units: Record<string, number> = { '': 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9 };
  const unit = units[m[3].toUpperCase()];
  if (unit === undefined) throw new SyntaxError(`Budget "${text}": unknown unit "${m[3]}" (use B, KB, MB or GB)`);
  return { kind: 'bytes', bytes: value * unit };
}

/** A human-readable form of a budget, inverse of {@link parseBudget}. */
export function formatBudget(budget: Budget): string {
  switch (budget.kind) {
    case 'bytes':
      return budget.bytes % BYTES_PER_MB === 0 ? `B=${budget.bytes / BYTES_PER_MB}MB` : `B=${budget.bytes}`;
    case 'mean-size':
      return `c=${budget.meanSize}`;
    case 'sparsity':
      return `sparsity=${budget.sparsity}@${budget.maxSize}`;
  }
}
