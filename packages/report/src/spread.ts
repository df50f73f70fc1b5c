import { max, mean, min, sampleStandardDeviation } from 'simple-statistics';
import { tQuantile975 } from './student-t.js';

/** Mean and spread of one quantity over the seeds of a cell. */
export interface Spread {
  readonly mean: number;
  /** Sample standard deviation (n - 1 in the denominator); 0 for a single value. */
  readonly std: number;
  readonly min: number;
  readonly max: number;
  /** Number of values (seeds) it summarises. */
  readonly n: number;
  /**
   * Half-width of the two-sided 95 % confidence interval of the mean, `t(0.975, n-1) · std / √n`
   * (Student's t over seeds); 0 for a single value, which has no interval.
   */
  readonly ci95: number;
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
  const std = list.length > 1 ? sampleStandardDeviation(list) : 0;
  return {
    mean: mean(list),
    std,
    min: min(list),
    max: max(list),
    n: list.length,
    ci95: list.length > 1 ? (tQuantile975(list.length - 1) * std) / Math.sqrt(list.length) : 0,
  };
}
