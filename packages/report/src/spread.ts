import { max, mean, min, sampleStandardDeviation } from 'simple-statistics';

/** Mean and spread of one quantity over the seeds of a cell. */
export interface Spread {
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator); 0 for a single value. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Number of values (seeds) it summarises. */
  readonly n: number;
}

/**
 * Summarises values over seeds: mean, sample standard deviation, min and max.
 *
 * @throws when `values` is empty or holds a non-finite number.
 */
export function spreadOf(values: readonly number[], what = 'values'): Spread {
  if (values.length === 0) throw new RangeError(`Cannot summarise ${what}: no values`);
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw new RangeError(`Cannot summarise ${what}: ${bad} is not a finite number`);
  const list = [...values];
  return {
    mean: mean(list),
    std: list.length > 1 ? sampleStandardDeviation(list) : 0,
    min: min(list),
    max: max(list),
    n: list.length,
  };
}
