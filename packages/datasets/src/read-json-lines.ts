import type { RawInteractions } from '@scall/stream-protocol';
import { BadRowCounter } from './bad-rows.js';
import { readLines } from './line-reader.js';
import { RawInteractionsBuilder } from './raw-interactions-builder.js';
import type { ReaderOptions } from './read-delimited.js';
import { DEFAULT_TIME_RANGE, parseTimestamp, type TimestampFormat } from './timestamp-format.js';

/** Options of {@link readJsonLines}: which fields of each JSON object hold what. */
export interface JsonLinesReaderOptions extends ReaderOptions {
  readonly userField: string;
  readonly itemField: string;
  readonly timestampField: string;
  /** How the timestamp field is written (numbers are read as `'seconds'` or `'milliseconds'`). */
  readonly timestampFormat: TimestampFormat;
}

/**
 * Reads a JSON-lines file (one JSON object per line, e.g. Amazon or Yelp review dumps)
 * line by line; other fields (review text, ratings) are ignored.
 *
 * @example
 * const rows = await readJsonLines({ path: 'reviews.json.gz', userField: 'reviewerID',
 *   itemField: 'asin', timestampField: 'unixReviewTime', timestampFormat: 'seconds' });
 */
export async function readJsonLines(options: JsonLinesReaderOptions): Promise<RawInteractions> {
  const { path, userField, itemField, timestampField, timestampFormat } = options;
  const range = options.timeRange ?? DEFAULT_TIME_RANGE;
  const bad = new BadRowCounter(path, options.onBadRow ?? 'throw');
  const builder = new RawInteractionsBuilder(path);
  await readLines(path, (text, line) => {
    if (text.length === 0 || (text.charCodeAt(0) !== 123 && text.trim().length === 0)) return;
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (error) {
      bad.report(line, `invalid JSON (${(error as Error).message})`);
      return;
    }
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      bad.report(line, 'expected a JSON object');
      return;
    }
    const record = row as Record<string, unknown>;
    const user = idOf(record[userField]);
    const item = idOf(record[itemField]);
    if (user === undefined || item === undefined) {
      bad.report(line, `missing or empty "${user === undefined ? userField : itemField}"`);
      return;
    }
    const raw = record[timestampField];
    const time = typeof raw === 'number' ? (timestampFormat === 'milliseconds' ? raw / 1000 : raw) : typeof raw === 'string' ? parseTimestamp(raw, timestampFormat) : undefined;
    if (time === undefined || !Number.isFinite(time)) {
      bad.report(line, `invalid "${timestampField}" ${JSON.stringify(raw)} (expected format "${timestampFormat}")`);
      return;
    }
    if (time < range.min || time > range.max) {
      bad.report(line, `"${timestampField}" ${time} outside the accepted range ${range.min} .. ${range.max} seconds (option "timeRange")`);
      return;
    }
    builder.add(user, item, time);
  });
  return builder.build(bad.toReport());
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
