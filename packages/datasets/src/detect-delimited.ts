import { DatasetError } from '@scall/stream-protocol';
import { readLines } from './line-reader.js';
import type { ColumnMapping, ColumnRef, DelimitedReaderOptions } from './read-delimited.js';
import { parseTimestamp, type TimestampFormat } from './timestamp-format.js';

/** What {@link detectDelimitedFormat} may be told; anything left out is detected from the file. */
export interface DelimitedFormatHints {
  /** Field separator; default: detected among tab, `,`, `;`, `|`, `::` and space. */
  readonly delimiter?: string;
  /** Whether the first line names the columns; default: detected. */
  readonly header?: boolean;
  /**
   * Which columns hold what: a mapping, or text. Text is either the role of each column
   * in file order, `user,item,rating,timestamp` (roles `user`, `item`, `timestamp`;
   * any other word, e.g. `rating` or `-`, is a column to ignore), or header names,
   * `user=userId,item=movieId,timestamp=ts`. Default: header names that look like
   * user / item / time columns, else user, item first and a timestamp-looking last column.
   */
  readonly columns?: ColumnMapping | string;
  /** How timestamps are written; default: detected from the first rows. */
  readonly timestampFormat?: TimestampFormat;
}

/** A delimited file's detected layout: {@link readDelimited} options less the path-independent rest. */
export type DelimitedFormat = Required<Pick<DelimitedReaderOptions, 'delimiter' | 'header' | 'columns'>> & { readonly timestampFormat: TimestampFormat | undefined };

const DELIMITERS = ['\t', ',', ';', '|', '::', ' '] as const;
const SAMPLE_LINES = 200;

const USER_NAMES = ['user', 'userid', 'user_id', 'uid', 'reviewerid', 'customer', 'customerid', 'customer_id', 'visitorid', 'visitor_id'];
const ITEM_NAMES = ['item', 'itemid', 'item_id', 'iid', 'movieid', 'movie_id', 'asin', 'business_id', 'artistid', 'productid', 'product_id', 'product', 'movie'];
const TIME_NAMES = ['timestamp', 'time', 'ts', 'date', 'datetime', 'when', 'unixreviewtime', 'created_at', 'event_time'];

/**
 * Detects how a delimited interaction file is written — delimiter, header line, which
 * columns are user / item / timestamp, and the timestamp format — from its first lines,
 * so that `scall run --data ./ratings.csv` needs no loader options. Every hint given is
 * used as is. The result feeds {@link readDelimited} (`{ path, ...format }`).
 *
 * @example
 * const format = await detectDelimitedFormat('ratings.csv', { columns: 'user,item,rating,timestamp' });
 * const raw = await readDelimited({ path: 'ratings.csv', ...format });
 * @throws {DatasetError} naming the file and what could not be told (with the option that settles it).
 */
export async function detectDelimitedFormat(path: string, hints: DelimitedFormatHints = {}): Promise<DelimitedFormat> {
  const lines: string[] = [];
  await readLines(path, (line) => {
    if (line.trim().length > 0) lines.push(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line);
    return lines.length < SAMPLE_LINES;
  });
  if (lines.length === 0) throw new DatasetError('file is empty', { file: path });
  const delimiter = hints.delimiter ?? detectDelimiter(lines, path);
  const rows = lines.map((line) => line.split(delimiter).map((field) => field.trim()));
  const roleText = typeof hints.columns === 'string' ? parseColumnsText(hints.columns, path) : undefined;
  const header = hints.header ?? looksLikeHeader(rows, roleText);
  const names = header ? rows[0] : undefined;
  const body = header ? rows.slice(1) : rows;
  if (body.length === 0) throw new DatasetError('file has a header line but no rows', { file: path });

  if (typeof hints.columns === 'string' && !hints.columns.includes('=')) {
    // Roles by position must name every column, or a rating column could be read as a time.
    const named = hints.columns.split(',').filter((p) => p.trim().length > 0).length;
    const width = body[0].length;
    if (named !== width) {
      const example = names ? ` (${names.join(', ')})` : '';
      throw new DatasetError(
        `columns "${hints.columns}" names ${named} columns by position but the file has ${width}${example}: name every column in order, e.g. ${['user', 'item', ...Array.from({ length: Math.max(0, width - 3) }, () => '-'), 'timestamp'].slice(0, Math.max(width, 2)).join(',')}, or pick header columns with user=<name>,item=<name>,timestamp=<name>`,
        { file: path },
      );
    }
  }
  let columns: ColumnMapping;
  if (hints.columns !== undefined && typeof hints.columns !== 'string') columns = hints.columns;
  else if (roleText !== undefined) columns = roleText;
  else columns = guessColumns(names, body, path);

  const timeColumn = columns.timestamp === undefined ? undefined : indexOf(columns.timestamp, names, path);
  const timestampFormat = hints.timestampFormat ?? (timeColumn === undefined ? undefined : detectTimestampFormat(body.map((r) => r[timeColumn] ?? ''), path, timeColumn));
  return { delimiter, header, columns, timestampFormat };
}

/** The delimiter that splits every sampled line into the same number (>= 2) of fields; ties go to the earlier candidate. */
function detectDelimiter(lines: readonly string[], path: string): string {
  const sample = lines.slice(0, 50);
  for (const candidate of DELIMITERS) {
    const counts = sample.map((line) => line.split(candidate).length);
    // Allow a header or a last line to differ; require agreement on most lines.
    const mode = counts.slice(1).sort((a, b) => a - b)[Math.floor((counts.length - 1) / 2)] ?? counts[0];
    const agreeing = counts.filter((c) => c === mode).length;
    if (mode >= 2 && agreeing >= Math.max(1, Math.ceil(sample.length * 0.9))) return candidate;
  }
  throw new DatasetError(`cannot tell the field delimiter from the first lines (tried tab, ",", ";", "|", "::", space); give it with --delimiter (config "dataset.delimiter")`, { file: path, line: 1 });
}

const NUMERIC = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function looksLikeHeader(rows: readonly string[][], roles: ColumnMapping | undefined): boolean {
  const first = rows[0];
  const lower = first.map((f) => f.toLowerCase().replace(/^"|"$/g, ''));
  if (roles && [roles.user, roles.item, roles.timestamp].some((r) => typeof r === 'string')) return true;
  if (lower.some((f) => USER_NAMES.includes(f) || ITEM_NAMES.includes(f) || TIME_NAMES.includes(f))) return true;
  if (rows.length < 2) return false;
  // A header has text where the rows have numbers or timestamps.
  const rest = rows.slice(1, 20);
  return first.some(
    (field, c) =>
      (!NUMERIC.test(field) && rest.every((r) => NUMERIC.test(r[c] ?? ''))) ||
      (timestampFormatsOf(field).length === 0 && rest.every((r) => timestampFormatsOf(r[c] ?? '').length > 0)),
  );
}

/** `user,item,rating,timestamp` (roles by position) or `user=userId,item=movieId,...` (header names). */
function parseColumnsText(text: string, path: string): ColumnMapping {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p.length > 0);
  const mapping: Record<string, ColumnRef> = {};
  parts.forEach((part, index) => {
    const eq = part.indexOf('=');
    const role = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    const ref: ColumnRef = eq === -1 ? index : /^\d+$/.test(part.slice(eq + 1).trim()) ? Number(part.slice(eq + 1).trim()) : part.slice(eq + 1).trim();
    const key = role === 'time' || role === 'date' ? 'timestamp' : role;
    if (key === 'user' || key === 'item' || key === 'timestamp') {
      if (key in mapping) throw new DatasetError(`columns "${text}" name "${key}" twice`, { file: path });
      mapping[key] = ref;
    } else if (eq !== -1) {
      throw new DatasetError(`columns "${text}": unknown role "${role}" (roles: user, item, timestamp)`, { file: path });
    }
  });
  if (mapping.user === undefined || mapping.item === undefined) {
    throw new DatasetError(`columns "${text}" must name a "user" and an "item" column, e.g. --columns user,item,timestamp or --columns user=userId,item=movieId,timestamp=ts`, { file: path });
  }
  return mapping as unknown as ColumnMapping;
}

function indexOf(ref: ColumnRef, names: readonly string[] | undefined, path: string): number {
  if (typeof ref === 'number') return ref;
  const index = names?.findIndex((n) => n === ref) ?? -1;
  if (index === -1) throw new DatasetError(`no column named ${JSON.stringify(ref)}${names ? ` (columns: ${names.join(', ')})` : ' (the file has no header line)'}`, { file: path, line: 1 });
  return index;
}

function guessColumns(names: readonly string[] | undefined, body: readonly string[][], path: string): ColumnMapping {
  if (names) {
    const lower = names.map((n) => n.toLowerCase());
    const find = (candidates: readonly string[]) => lower.findIndex((n) => candidates.includes(n));
    const user = find(USER_NAMES);
    const item = find(ITEM_NAMES);
    let time = find(TIME_NAMES);
    // Else a column of dates or date-times (plain numbers could be ratings or counts).
    if (time === -1) time = names.findIndex((_, c) => body.slice(0, 50).every((r) => timestampFormatsOf(r[c] ?? '').some((f) => f === 'date' || f === 'iso')));
    if (user !== -1 && item !== -1) return { user: names[user], item: names[item], ...(time !== -1 ? { timestamp: names[time] } : {}) };
    throw new DatasetError(`cannot tell the user and item columns from the header (${names.join(', ')}); give them with --columns user=<name>,item=<name>,timestamp=<name>`, { file: path, line: 1 });
  }
  const width = body[0].length;
  const last = width - 1;
  const lastIsTime = width >= 3 && body.slice(0, 50).every((r) => timestampFormatsOf(r[last] ?? '').length > 0);
  return { user: 0, item: 1, ...(lastIsTime ? { timestamp: last } : {}) };
}

function timestampFormatsOf(value: string): TimestampFormat[] {
  const out: TimestampFormat[] = [];
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && parseTimestamp(value, 'date') !== undefined) out.push('date');
  if (/^\d{4}-\d{2}-\d{2}[T ]/.test(value) && parseTimestamp(value, 'iso') !== undefined) out.push('iso');
  if (/^\d+(\.\d+)?$/.test(value)) out.push(Number(value) >= 1e11 ? 'milliseconds' : 'seconds');
  return out;
}

/** `date`, `iso`, `seconds` or `milliseconds` (integers from 1e11 on: after 1973 in ms, after 5138 in s). */
function detectTimestampFormat(values: readonly string[], path: string, column: number): TimestampFormat {
  const formats = values.slice(0, 100).map(timestampFormatsOf);
  // The format most sampled values have (at least half of them): a stray bad value is then
  // reported by the reader with its line number instead of failing the detection.
  let best: TimestampFormat | undefined;
  let bestCount = 0;
  for (const format of ['date', 'iso', 'milliseconds', 'seconds'] as const) {
    const count = formats.filter((f) => f.includes(format) || (format === 'seconds' && f.includes('milliseconds'))).length;
    if (count > bestCount) [best, bestCount] = [format, count];
  }
  if (best !== undefined && bestCount * 2 >= formats.length) return best;
  const bad = values.find((v, k) => formats[k]?.length === 0);
  throw new DatasetError(
    `cannot tell the timestamp format of column ${column} from values such as ${JSON.stringify(bad ?? values[0])}; give it with --timestamp-format seconds|milliseconds|iso|date, or drop the column from --columns (file order is then time order)`,
    { file: path },
  );
}
