import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { createGunzip } from 'node:zlib';
import { DatasetError, type RawInteractions } from '@scall/stream-protocol';
import { BadRowCounter, type BadRowPolicy } from './bad-rows.js';
import { scanCanonicalId, scanDigits, scanIsoDay } from './digit-scan.js';
import { readLines } from './line-reader.js';
import { RawInteractionsBuilder } from './raw-interactions-builder.js';
import { DEFAULT_TIME_RANGE, parseTimestamp, utcSeconds, type TimeRange, type TimestampFormat } from './timestamp-format.js';

/** A column by 0-based index, or by name when the file has a header. */
export type ColumnRef = number | string;

/**
 * Which columns hold what. Give `timestamp`, or `year` + `month` (+ `day`) for files that
 * split the date into columns (Last.fm HetRec), or neither: then the row number is the
 * timestamp (file order is time order).
 */
export interface ColumnMapping {
  readonly user: ColumnRef;
  readonly item: ColumnRef;
  readonly timestamp?: ColumnRef;
  readonly year?: ColumnRef;
  readonly month?: ColumnRef;
  readonly day?: ColumnRef;
}

/** Options shared by every file reader. */
export interface ReaderOptions {
  /** Path of the file (plain text or gzip). */
  readonly path: string;
  /** `'throw'` (default) stops at the first bad row; `'skip'` skips and counts bad rows. */
  readonly onBadRow?: BadRowPolicy;
  /** Timestamps outside this range are bad rows. Default 1970-01-01 .. 2100-01-01. */
  readonly timeRange?: TimeRange;
}

/** Options of {@link readDelimited}. */
export interface DelimitedReaderOptions extends ReaderOptions {
  /** Field separator, one or more characters (`'\t'`, `','`, `'::'`, `'|'`). */
  readonly delimiter: string;
  /** Whether the first line names the columns (default false). */
  readonly header?: boolean;
  readonly columns: ColumnMapping;
  /** How the `timestamp` column is written (default `'seconds'`). */
  readonly timestampFormat?: TimestampFormat;
  /** Exact number of fields per row; default: the header's count, else at least enough for the mapping. */
  readonly fieldCount?: number;
  /** Require user and item ids to be non-negative integers (default false). */
  readonly numericIds?: boolean;
  /** Parse RFC-4180 quoting (`"a,b"`) with csv-parse instead of the fast splitter (default false). */
  readonly quoted?: boolean;
}

const INTEGER = /^\d+$/;

/**
 * Reads a delimited interaction file (TSV, CSV, `::`-separated, ...) line by line with
 * a column mapping and timestamp parsing. Ratings and other columns are ignored.
 *
 * @example
 * const rows = await readDelimited({
 *   path: 'movie-ratings.txt', delimiter: ',',
 *   columns: { user: 0, item: 1, timestamp: 5 }, timestampFormat: 'date',
 * });
 * @throws {DatasetError} naming file, line and problem for a bad row (unless `onBadRow: 'skip'`).
 */
export async function readDelimited(options: DelimitedReaderOptions): Promise<RawInteractions> {
  const { path, delimiter } = options;
  if (typeof delimiter !== 'string' || delimiter.length === 0) {
    throw new DatasetError(`option "delimiter" must be a non-empty string, got ${JSON.stringify(delimiter)}`, { file: path });
  }
  const format = options.timestampFormat ?? 'seconds';
  const range = options.timeRange ?? DEFAULT_TIME_RANGE;
  const bad = new BadRowCounter(path, options.onBadRow ?? 'throw');
  const builder = new RawInteractionsBuilder(path);
  const numericIds = options.numericIds ?? false;
  let resolved: ResolvedColumns | undefined = options.header ? undefined : resolveColumns(options.columns, undefined, path);
  let fieldCount = options.fieldCount;

  const onFields = (fields: string[], line: number): void => {
    if (resolved === undefined) {
      resolved = resolveColumns(options.columns, fields, path);
      fieldCount ??= fields.length;
      return;
    }
    if (fieldCount !== undefined ? fields.length !== fieldCount : fields.length < resolved.minFields) {
      const expected = fieldCount !== undefined ? `${fieldCount}` : `at least ${resolved.minFields}`;
      bad.report(line, `expected ${expected} fields separated by ${JSON.stringify(delimiter)}, found ${fields.length}`);
      return;
    }
    const user = fields[resolved.user].trim();
    const item = fields[resolved.item].trim();
    if (user.length === 0 || item.length === 0) {
      bad.report(line, `empty ${user.length === 0 ? 'user' : 'item'} id`);
      return;
    }
    if (numericIds && !(INTEGER.test(user) && INTEGER.test(item))) {
      bad.report(line, `non-numeric ${INTEGER.test(user) ? 'item' : 'user'} id ${JSON.stringify(INTEGER.test(user) ? item : user)}`);
      return;
    }
    let time: number | undefined;
    if (resolved.timestamp !== undefined) {
      const text = fields[resolved.timestamp];
      time = parseTimestamp(text, format);
      if (time === undefined) {
        bad.report(line, `invalid timestamp ${JSON.stringify(text)} (expected format "${format}")`);
        return;
      }
    } else if (resolved.year !== undefined) {
      const y = fields[resolved.year].trim();
      const m = resolved.month === undefined ? '1' : fields[resolved.month].trim();
      const d = resolved.day === undefined ? '1' : fields[resolved.day].trim();
      time = INTEGER.test(y) && INTEGER.test(m) && INTEGER.test(d) ? utcSeconds(+y, +m, +d) : undefined;
      if (time === undefined) {
        bad.report(line, `invalid date year=${JSON.stringify(y)} month=${JSON.stringify(m)} day=${JSON.stringify(d)}`);
        return;
      }
    } else {
      time = builder.length;
    }
    if (time < range.min || time > range.max) {
      bad.report(line, `timestamp ${time} (${describeTime(time)}) outside the accepted range ${describeTime(range.min)} .. ${describeTime(range.max)} (option "timeRange")`);
      return;
    }
    builder.add(user, item, time);
  };

  // Fast path for the common, well-formed row: locate only the needed fields, parse ids and
  // timestamps from character codes, intern numeric ids by number. Anything unusual (wrong
  // field count, spaces, non-digits, other timestamp shapes) goes through `onFields`, which
  // decides and reports exactly as before, so fast and general paths agree on every row.
  const starts = new Int32Array(64);
  const ends = new Int32Array(64);
  const delimiterLength = delimiter.length;
  const onLine = (text: string, line: number): void => {
    if (text.length === 0) return;
    const columns = resolved;
    if (columns === undefined || columns.minFields > starts.length) {
      onFields(text.split(delimiter), line);
      return;
    }
    let count = 0;
    let start = 0;
    for (;;) {
      const next = text.indexOf(delimiter, start);
      const end = next === -1 ? text.length : next;
      if (count < columns.minFields) {
        starts[count] = start;
        ends[count] = end;
      }
      count++;
      if (next === -1) break;
      start = next + delimiterLength;
    }
    if (fieldCount !== undefined ? count !== fieldCount : count < columns.minFields) {
      onFields(text.split(delimiter), line);
      return;
    }
    const time = fastTime(text, columns);
    if (time < range.min || time > range.max || Number.isNaN(time)) {
      onFields(text.split(delimiter), line);
      return;
    }
    const u = columns.user;
    const i = columns.item;
    if (numericIds) {
      const user = scanCanonicalId(text, starts[u], ends[u]);
      const item = scanCanonicalId(text, starts[i], ends[i]);
      if (user < 0 || item < 0) {
        onFields(text.split(delimiter), line);
        return;
      }
      builder.addNumeric(user, item, time);
      return;
    }
    if (!plainField(text, starts[u], ends[u]) || !plainField(text, starts[i], ends[i])) {
      onFields(text.split(delimiter), line);
      return;
    }
    builder.add(text.slice(starts[u], ends[u]), text.slice(starts[i], ends[i]), time);
  };
  // The row's timestamp, or NaN when the fast path cannot tell (the general path decides).
  const fastTime = (text: string, columns: ResolvedColumns): number => {
    if (columns.timestamp !== undefined) {
      const s = starts[columns.timestamp];
      const e = ends[columns.timestamp];
      switch (format) {
        case 'seconds': {
          const value = scanDigits(text, s, e, 15);
          return value < 0 ? Number.NaN : value;
        }
        case 'milliseconds': {
          const value = scanDigits(text, s, e, 15);
          return value < 0 ? Number.NaN : value / 1000;
        }
        case 'date': {
          const value = scanIsoDay(text, s, e);
          return value < 0 ? Number.NaN : value;
        }
        default:
          return parseTimestamp(text.slice(s, e), format) ?? Number.NaN;
      }
    }
    if (columns.year !== undefined) {
      const y = scanDigits(text, starts[columns.year], ends[columns.year], 4);
      const m = columns.month === undefined ? 1 : scanDigits(text, starts[columns.month], ends[columns.month], 2);
      const d = columns.day === undefined ? 1 : scanDigits(text, starts[columns.day], ends[columns.day], 2);
      // Years below 1000 take the general path (Date.UTC reads 0-99 as 1900-1999).
      if (y < 1000 || m < 0 || d < 0) return Number.NaN;
      return utcSeconds(y, m, d) ?? Number.NaN;
    }
    return builder.length;
  };

  if (options.quoted) {
    await readQuoted(path, delimiter, onFields);
  } else {
    await readLines(path, onLine);
  }
  if (resolved === undefined) throw new DatasetError('file is empty (no header line)', { file: path });
  return builder.build(bad.toReport());
}

/** Whether `text[start, end)` is non-empty and has no whitespace (or other non-ASCII-printable) character at either end. */
function plainField(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  const first = text.charCodeAt(start);
  const last = text.charCodeAt(end - 1);
  return first > 32 && first < 127 && last > 32 && last < 127;
}

function describeTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

interface ResolvedColumns {
  readonly user: number;
  readonly item: number;
  readonly timestamp: number | undefined;
  readonly year: number | undefined;
  readonly month: number | undefined;
  readonly day: number | undefined;
  readonly minFields: number;
}

function resolveColumns(mapping: ColumnMapping, header: string[] | undefined, path: string): ResolvedColumns {
  const find = (role: string, ref: ColumnRef | undefined): number | undefined => {
    if (ref === undefined) return undefined;
    if (typeof ref === 'number') {
      if (!(Number.isInteger(ref) && ref >= 0)) throw new DatasetError(`column "${role}" must be a non-negative integer index, got ${ref}`, { file: path });
      return ref;
    }
    if (header === undefined) throw new DatasetError(`column "${role}" is named ${JSON.stringify(ref)} but the file has no header (set option "header: true" or use an index)`, { file: path });
    const index = header.findIndex((name) => name.trim() === ref);
    if (index === -1) throw new DatasetError(`header has no column ${JSON.stringify(ref)} for "${role}" (columns: ${header.map((h) => h.trim()).join(', ')})`, { file: path, line: 1 });
    return index;
  };
  const user = find('user', mapping.user);
  const item = find('item', mapping.item);
  if (user === undefined || item === undefined) throw new DatasetError('the column mapping needs "user" and "item"', { file: path });
  const timestamp = find('timestamp', mapping.timestamp);
  const year = find('year', mapping.year);
  const month = find('month', mapping.month);
  const day = find('day', mapping.day);
  if (timestamp !== undefined && year !== undefined) throw new DatasetError('give either a "timestamp" column or "year"/"month"/"day" columns, not both', { file: path });
  const used = [user, item, timestamp, year, month, day].filter((c): c is number => c !== undefined);
  return { user, item, timestamp, year, month, day, minFields: Math.max(...used) + 1 };
}

async function readQuoted(path: string, delimiter: string, onFields: (fields: string[], line: number) => void): Promise<void> {
  // readLines validates that the file exists and is readable; open it again as a stream for csv-parse.
  const head = await import('node:fs/promises').then((fs) => fs.open(path, 'r')).catch((error: NodeJS.ErrnoException) => {
    throw new DatasetError(error.code === 'ENOENT' ? 'file not found' : `cannot open file (${error.message})`, { file: path }, { cause: error });
  });
  const magic = Buffer.alloc(2);
  await head.read(magic, 0, 2, 0);
  await head.close();
  const file = createReadStream(path);
  const input = magic[0] === 0x1f && magic[1] === 0x8b ? file.pipe(createGunzip()) : file;
  const parser = input.pipe(parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      onFields(record, info.lines);
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(`cannot parse delimited data (${(error as Error).message})`, { file: path }, { cause: error });
  } finally {
    file.destroy();
  }
}
