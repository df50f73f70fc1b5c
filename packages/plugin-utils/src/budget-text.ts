import type { Budget } from '@scall/spec';

/** Multipliers of the byte units (powers of 10, as the paper's "MB"). */
const UNITS: Readonly<Record<string, number>> = { '': 1, B: 1, KB: 1e3, MB: 1e6, GB: 1e9 };

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
  const unit = UNITS[m[3].toUpperCase()];
  if (unit === undefined) throw new SyntaxError(`Budget "${text}": unknown unit "${m[3]}" (use B, KB, MB or GB)`);
  return { kind: 'bytes', bytes: value * unit };
}

/** A human-readable form of a budget, inverse of {@link parseBudget}. */
export function formatBudget(budget: Budget): string {
  switch (budget.kind) {
    case 'bytes':
      return budget.bytes % UNITS.MB === 0 ? `B=${budget.bytes / UNITS.MB}MB` : `B=${budget.bytes}`;
    case 'mean-size':
      return `c=${budget.meanSize}`;
    case 'sparsity':
      return `sparsity=${budget.sparsity}@${budget.maxSize}`;
  }
}
