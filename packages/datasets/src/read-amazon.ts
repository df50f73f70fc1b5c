import type { RawInteractions } from '@scall/stream-protocol';
import { readDelimited, type ReaderOptions } from './read-delimited.js';
import { readJsonLines } from './read-json-lines.js';

/**
 * Reads an Amazon review "ratings only" CSV (`item,user,rating,timestamp`, no header,
 * Unix seconds), as published per category for the 2014 and 2018 Amazon review data.
 *
 * @example
 * const rows = await readAmazonCsv({ path: 'Magazine_Subscriptions.csv' });
 */
export function readAmazonCsv(options: ReaderOptions): Promise<RawInteractions> {
  return readDelimited({ ...options, delimiter: ',', fieldCount: 4, columns: { item: 0, user: 1, timestamp: 3 }, timestampFormat: 'seconds' });
}

/**
 * Reads an Amazon 2014 / 2018 review JSON-lines file (`reviewerID`, `asin`,
 * `unixReviewTime`), plain or gzip, line by line (the Amazon-Book dataset of the paper).
 *
 * @example
 * const rows = await readAmazonJson({ path: 'reviews_Books_5.json.gz' });
 */
export function readAmazonJson(options: ReaderOptions): Promise<RawInteractions> {
  return readJsonLines({ ...options, userField: 'reviewerID', itemField: 'asin', timestampField: 'unixReviewTime', timestampFormat: 'seconds' });
}
