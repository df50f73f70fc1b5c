import { budgetParameters, bytesPerParameter, type Budget, type StreamDatasetV1 } from '@scall/spec';
import { UserError } from './user-error.js';

/** The smallest budget, in the notation of `budget`'s kind, that gives every entity `minSize` on every segment. */
export function minimumBudgetText(budget: Budget, minSize: number, largestPopulation: number): string {
  switch (budget.kind) {
    case 'mean-size':
      return `c=${minSize}`;
    case 'sparsity':
      // (1 - s) * MAX >= minSize  <=>  s <= 1 - minSize / MAX
      return `sparsity=${Math.floor((1 - minSize / budget.maxSize) * 1e4) / 1e4}@${budget.maxSize}`;
    case 'bytes': {
      const bytes = minSize * largestPopulation * bytesPerParameter(budget);
      return bytes >= 1e6 ? `B=${Math.ceil(bytes / 1e3) / 1e3}MB` : bytes >= 1e3 ? `B=${Math.ceil(bytes) / 1e3}KB` : `B=${bytes}`;
    }
  }
}

/**
 * Checks, before any training, that `budget` gives every user and item at least
 * `minSize` parameters on every segment `0..lastSegment` (a bytes budget is fixed while
 * the population grows, so it is the last segments that decide). Throws a
 * {@link UserError} naming the first segment that does not fit and the minimum budget
 * that would work.
 *
 * @example
 * assertBudgetFits(stream, { kind: 'bytes', bytes: 1000 }, { minSize: 1, budgetText: 'B=1KB' });
 */
export function assertBudgetFits(dataset: StreamDatasetV1, budget: Budget, options: { minSize: number; maxSize?: number; lastSegment?: number; budgetText: string }): void {
  const last = Math.min(options.lastSegment ?? dataset.numSegments - 1, dataset.numSegments - 1);
  if (budget.kind === 'sparsity' && options.maxSize !== undefined && budget.maxSize < options.minSize) {
    throw new UserError(`budget "${options.budgetText}": its MAX ${budget.maxSize} is below minSize ${options.minSize}`, { hint: `use sparsity=<s>@${options.maxSize}` });
  }
  let largest = 0;
  let firstShort: { t: number; allowed: number; needed: number } | undefined;
  for (let t = 0; t <= last; t++) {
    const { users, items } = dataset.segment(t).stats;
    const population = users + items;
    largest = Math.max(largest, population);
    const allowed = budgetParameters(budget, users, items);
    const needed = options.minSize * population;
    if (allowed < needed && firstShort === undefined) firstShort = { t, allowed, needed };
  }
  if (firstShort === undefined) return;
  const { t, allowed, needed } = firstShort;
  throw new UserError(
    `budget "${options.budgetText}" is too small for ${dataset.name}: segment ${t} has ${needed / options.minSize} users + items, ` +
      `which need ${needed} parameters at minSize ${options.minSize}, but the budget allows ${allowed}`,
    { hint: `the smallest budget that fits segments 0..${last} is ${minimumBudgetText(budget, options.minSize, largest)} (or lower minSize, or stop earlier with --last-segment)` },
  );
}
