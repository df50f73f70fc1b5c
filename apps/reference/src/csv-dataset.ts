import { basename, resolve } from 'node:path';
import { detectDelimitedFormat, readDelimited, type DelimitedFormat, type LoadStreamOptions } from '@scall/datasets';
import type { StreamDatasetV1 } from '@scall/spec';
import type { RawInteractions } from '@scall/stream-protocol';
import type { RunConfig } from './config-schema.js';
import { UserError } from './user-error.js';

/** Segment counts a run can work with: enough segments to learn from, few enough to finish. */
export const WORKABLE_SEGMENTS = { min: 4, max: 30, target: 10 } as const;

/** A new-entities threshold that cuts a stream of `entities` users + items into about `target` segments (two significant digits). */
export function suggestThreshold(entities: number, target: number = WORKABLE_SEGMENTS.target): number {
  const raw = Math.max(1, entities / target);
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(raw)) - 1);
  return Math.max(1, Math.round(raw / magnitude) * magnitude);
}

/** New users + items among the first `fraction` of the rows in time order (ties in file order). */
export function newEntitiesInFirstRows(raw: Pick<RawInteractions, 'users' | 'items' | 'timestamps' | 'length'>, fraction: number): number {
  const order = Array.from({ length: raw.length }, (_, k) => k).sort((a, b) => raw.timestamps[a] - raw.timestamps[b] || a - b);
  const users = new Set<number>();
  const items = new Set<number>();
  for (const k of order.slice(0, Math.ceil(raw.length * fraction))) {
    users.add(raw.users[k]);
    items.add(raw.items[k]);
  }
  return users.size + items.size;
}

/** What {@link csvStreamOptions} found out about the file, for messages. */
export interface CsvDetection {
  readonly path: string;
  readonly format: DelimitedFormat;
  /** Distinct users + items in the file (before any k-core filter). */
  readonly entities: number;
  readonly rows: number;
  /** The threshold used when the config gives none. */
  readonly suggestedThreshold: number;
}

/**
 * `loadStream` options for `dataset: { name: 'csv', path, columns?, delimiter?, header?,
 * timestampFormat?, threshold? }`: the file's layout is detected where not given, and the
 * segment threshold defaults to one giving about ten segments. No k-core filter unless
 * `kCore` is set.
 */
export async function csvStreamOptions(dataset: RunConfig['dataset'], baseDir: string): Promise<{ options: LoadStreamOptions; detection: CsvDetection }> {
  if (dataset.path === undefined) {
    throw new UserError('dataset "csv" needs a file: give --data ./ratings.csv (config "dataset.path")', { hint: 'e.g. scall run --data ./ratings.csv --columns user,item,timestamp' });
  }
  const path = resolve(baseDir, dataset.path);
  const format = await detectDelimitedFormat(path, {
    ...(dataset.delimiter !== undefined ? { delimiter: dataset.delimiter } : {}),
    ...(dataset.header !== undefined ? { header: dataset.header } : {}),
    ...(dataset.columns !== undefined ? { columns: dataset.columns } : {}),
    ...(dataset.timestampFormat !== undefined ? { timestampFormat: dataset.timestampFormat } : {}),
  });
  const { timestampFormat, ...layout } = format;
  const reader = { path, ...layout, ...(timestampFormat ? { timestampFormat } : {}) };
  const raw = await readDelimited(reader);
  const entities = new Set(raw.users).size + new Set(raw.items).size;
  // About ten segments, but never a first segment too small to train and validate on:
  // it holds at least the first 5% of the rows (time order).
  const suggestedThreshold = Math.max(suggestThreshold(entities), newEntitiesInFirstRows(raw, 0.05));
  return {
    options: {
      name: basename(path).replace(/\.(gz)$/, '').replace(/\.[^.]+$/, ''),
      source: { format: 'delimited', ...reader },
      kCore: 0,
      segmenter: { kind: 'new-entities', threshold: dataset.threshold ?? suggestedThreshold },
    },
    detection: { path, format, entities, rows: raw.length, suggestedThreshold },
  };
}

/** One line on what was detected, e.g. `ratings.csv: "," delimited, header, columns user=0 item=1 timestamp=3 (seconds), 1,000 rows`. */
export function describeDetection(detection: CsvDetection): string {
  const { format } = detection;
  const columns = Object.entries(format.columns)
    .filter(([, ref]) => ref !== undefined)
    .map(([role, ref]) => `${role}=${typeof ref === 'number' ? `#${ref}` : JSON.stringify(ref)}`)
    .join(' ');
  const delimiter = format.delimiter === '\t' ? 'tab' : JSON.stringify(format.delimiter);
  const time = format.columns.timestamp === undefined ? 'no timestamp column: file order is time order' : `timestamps as ${format.timestampFormat}`;
  return `${basename(detection.path)}: ${delimiter}-delimited, ${format.header ? 'header line' : 'no header'}, ${columns}, ${time}; ${detection.rows} rows, ${detection.entities} users + items`;
}

/**
 * Advice on a stream's segment count: whether it is workable (4-30 segments), else the
 * threshold to try. `threshold`: the one used, when known; `suggested`: the threshold to
 * recommend (default: about ten segments of the stream's users + items).
 */
export function segmentAdvice(stream: StreamDatasetV1, threshold: number | undefined, suggested: number = suggestThreshold(stream.totalUsers + stream.totalItems)): string {
  const n = stream.numSegments;
  const at = threshold === undefined ? '' : ` at --threshold ${threshold}`;
  if (n >= WORKABLE_SEGMENTS.min && n <= WORKABLE_SEGMENTS.max) {
    const other = threshold === suggested ? ' (the suggested threshold for this file)' : ` (suggested for this stream: --threshold ${suggested})`;
    return `${n} segments${at}: workable, ${WORKABLE_SEGMENTS.min}-${WORKABLE_SEGMENTS.max} is.${other}`;
  }
  return `${n} segments${at} is ${n < WORKABLE_SEGMENTS.min ? 'too few to learn from' : 'more than a run finishes soon'}: try --threshold ${suggested}.`;
}
