import type { Budget, ByteUnit } from '@scall/spec';

/** Multipliers of the byte units (powers of 10, as the paper's "MB"). */
const UNITS: Readonly<Record<ByteUnit, number>> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 };

const SYNTAX = 'expected c=<mean size>, B=<bytes>[B|KB|MB|GB] or sparsity=<s>@<max>';

/**
 * Parses the text form of a budget (configs, `--budget`, grid files): `c=32` (mean size),
 * `B=10MB` / `B=2.5e6` (bytes; units B, KB, MB, GB in powers of 10, any case),
 * `sparsity=0.9@256`. A bytes budget remembers the unit it was written in (`unit`), so
 * {@link formatBudget} writes `B=0.05MB` back, not `B=50000`. The values are checked:
 * a mean size above 0, a byte count of at least 0, a sparsity in [0, 1) and a positive
 * integer MAX.
 *
 * @example
 * parseBudget('c=32'); // { kind: 'mean-size', meanSize: 32 }
 * parseBudget('B=0.05MB'); // { kind: 'bytes', bytes: 50000, unit: 'MB' }
 * @throws {SyntaxError} naming the problem, for text that is not a budget.
 */
export function parseBudget(text: string): Budget {
  const m = /^\s*(c|B|sparsity)\s*=\s*([0-9.eE+-]+)\s*([A-Za-z]*)\s*(?:@\s*([0-9.eE+-]+))?\s*$/.exec(text);
  if (!m) throw new SyntaxError(`Cannot parse budget "${text}": ${SYNTAX}`);
  const value = Number(m[2]);
  if (!Number.isFinite(value)) throw new SyntaxError(`Budget "${text}": "${m[2]}" is not a number`);
  if (m[1] !== 'sparsity' && m[4] !== undefined) throw new SyntaxError(`Budget "${text}": only a sparsity budget takes @<max>`);
  if (m[1] === 'c') {
    if (m[3]) throw new SyntaxError(`Budget "${text}": a mean size takes no unit`);
    if (!(value > 0)) throw new SyntaxError(`Budget "${text}": the mean size must be above 0`);
    return { kind: 'mean-size', meanSize: value };
  }
  if (m[1] === 'sparsity') {
    if (m[3]) throw new SyntaxError(`Budget "${text}": a sparsity takes no unit`);
    if (m[4] === undefined) throw new SyntaxError(`Budget "${text}": sparsity needs a MAX, e.g. sparsity=0.9@256`);
    const maxSize = Number(m[4]);
    if (!(Number.isInteger(maxSize) && maxSize >= 1)) throw new SyntaxError(`Budget "${text}": the MAX after @ must be a positive integer`);
    if (!(value >= 0 && value < 1)) throw new SyntaxError(`Budget "${text}": the sparsity must be in [0, 1)`);
    return { kind: 'sparsity', sparsity: value, maxSize };
  }
  if (!(value >= 0)) throw new SyntaxError(`Budget "${text}": the byte count must be at least 0`);
  if (!m[3]) return { kind: 'bytes', bytes: value };
  const unit = m[3].toUpperCase() as ByteUnit;
  const multiplier = UNITS[unit];
  if (multiplier === undefined) throw new SyntaxError(`Budget "${text}": unknown unit "${m[3]}" (use B, KB, MB or GB)`);
  return { kind: 'bytes', bytes: value * multiplier, unit };
}

/** `x` without the float noise of a unit conversion (0.07 * 1e6 / 1e6 = 0.07000000000000001). */
const clean = (x: number): number => Number(x.toPrecision(12));

/**
 * The text form of a budget, inverse of {@link parseBudget}: a bytes budget in the unit
 * it was written in (`unit`), or, without one, in MB when that is a whole number and in
 * bytes otherwise. `formatBudget(parseBudget(text))` gives `text` back for every text
 * in the canonical form (`c=32`, `B=0.05MB`, `B=50KB`, `B=2500`, `sparsity=0.9@256`).
 *
 * @example
 * formatBudget(parseBudget('B=0.05MB')); // 'B=0.05MB'
 * formatBudget({ kind: 'bytes', bytes: 3e6 }); // 'B=3MB'
 */
export function formatBudget(budget: Budget): string {
  switch (budget.kind) {
    case 'bytes':
      if (budget.unit !== undefined && UNITS[budget.unit] !== undefined) return `B=${clean(budget.bytes / UNITS[budget.unit])}${budget.unit}`;
      return budget.bytes > 0 && budget.bytes % UNITS.MB === 0 ? `B=${budget.bytes / UNITS.MB}MB` : `B=${budget.bytes}`;
    case 'mean-size':
      return `c=${budget.meanSize}`;
    case 'sparsity':
      return `sparsity=${budget.sparsity}@${budget.maxSize}`;
  }
}
