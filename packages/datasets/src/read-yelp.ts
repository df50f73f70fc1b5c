import type { RawInteractions } from '@scall/stream-protocol';
import type { ReaderOptions } from './read-delimited.js';
import { readJsonLines } from './read-json-lines.js';

/**
 * Reads the Yelp academic dataset review file (JSON lines with `user_id`,
 * `business_id`, `date` as `YYYY-MM-DD HH:MM:SS`, UTC), plain or gzip, line by line.
 *
 * @example
 * const rows = await readYelp({ path: 'yelp_academic_dataset_review.json' });
 */
export function readYelp(options: ReaderOptions): Promise<RawInteractions> {
  return readJsonLines({ ...options, userField: 'user_id', itemField: 'business_id', timestampField: 'date', timestampFormat: 'iso' });
}
