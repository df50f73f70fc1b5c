import { scanDigits, scanIsoDay } from './digit-scan.js';

/**
 * How a timestamp column is written:
 * - `'seconds'`: Unix seconds (may be fractional);
 * - `'milliseconds'`: Unix milliseconds;
 * - `'iso'`: an ISO-8601 date-time such as `2016-03-09T00:00:00Z` or `2016-03-09 00:00:00`
 *   (read as UTC when no offset is given);
 * - `'date'`: a day such as `2013-11-28` (UTC midnight).
 */
export type TimestampFormat = 'seconds' | 'milliseconds' | 'iso' | 'date';

/** Accepted timestamps, in seconds since the epoch: `[min, max]`. */
export interface TimeRange {
  readonly min: number;
  readonly max: number;
}

/** Default accepted range: 1970-01-01 to 2100-01-01 (UTC). */
export const DEFAULT_TIME_RANGE: TimeRange = { min: 0, max: 4_102_444_800 };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses `text` as a timestamp in `format` and returns seconds since the epoch, or
 * `undefined` when the text is not a valid timestamp of that format.
 *
 * @example
 * parseTimestamp('874965758', 'seconds'); // 874965758
 * parseTimestamp('2013-11-28', 'date'); // 1385596800
 */
export function parseTimestamp(text: string, format: TimestampFormat): number | undefined {
  const value = text.trim();
  switch (format) {
    case 'seconds':
    case 'milliseconds': {
      if (value.length === 0) return undefined;
      const n = Number(value);
      if (!Number.isFinite(n)) return undefined;
      return format === 'seconds' ? n : n / 1000;
    }
    case 'date': {
      const fast = scanIsoDay(value, 0, value.length);
      if (fast >= 0) return fast;
      const m = DATE_ONLY.exec(value);
      if (m === null) return undefined;
      return utcSeconds(+m[1], +m[2], +m[3], 0, 0, 0);
    }
    case 'iso': {
      const fast = scanIsoDateTime(value);
      if (fast >= 0) return fast;
      const d = DATE_ONLY.exec(value);
      if (d !== null) return utcSeconds(+d[1], +d[2], +d[3], 0, 0, 0);
      const m = DATE_TIME.exec(value);
      if (m === null) return undefined;
      const base = utcSeconds(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] === undefined ? 0 : +m[6]);
      if (base === undefined) return undefined;
      const zone = m[7];
      if (zone === undefined || zone === 'Z') return base;
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      return base - sign * (+digits.slice(0, 2) * 3600 + +digits.slice(2) * 60);
    }
  }
}

/** Seconds since the epoch for a UTC calendar date-time, or `undefined` if the fields are out of range. */
export function utcSeconds(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | undefined {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second < 61)) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, 0) + second * 1000;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined;
  return ms / 1000;
}

/**
 * Fast path of `'iso'` for the common `YYYY-MM-DD` and `YYYY-MM-DD[T ]hh:mm:ss` forms
 * without fraction or zone (read as UTC): seconds since the epoch, or -1 to let the regular
 * expressions decide (other shapes, years below 1000, invalid fields).
 */
function scanIsoDateTime(value: string): number {
  if (value.length === 10) return scanIsoDay(value, 0, 10);
  if (value.length !== 19) return -1;
  const separator = value.charCodeAt(10);
  if ((separator !== 84 && separator !== 32) || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return -1;
  const day = scanIsoDay(value, 0, 10);
  const hour = scanDigits(value, 11, 13, 2);
  const minute = scanDigits(value, 14, 16, 2);
  const second = scanDigits(value, 17, 19, 2);
  if (day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return -1;
  return day + hour * 3600 + minute * 60 + second;
}
