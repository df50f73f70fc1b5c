// Allocation-free scanning of decimal digits inside a line, for the readers' fast paths.
// Every function returns -1 when the text is not exactly what it accepts, so the caller
// can fall back to the general (slower, error-reporting) path for that row.

/**
 * The value of `text[start, end)` when it is 1..`maxDigits` ASCII digits (leading zeros
 * allowed), else -1. `maxDigits` must keep the value below 2^53 (at most 15).
 */
export function scanDigits(text: string, start: number, end: number, maxDigits: number): number {
  const length = end - start;
  if (length <= 0 || length > maxDigits) return -1;
  let value = 0;
  for (let k = start; k < end; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * The value of `text[start, end)` when it is a canonical non-negative integer id (1..9
 * digits, no leading zero unless it is `"0"`), so that `String(value)` gives back the
 * exact text; else -1.
 */
export function scanCanonicalId(text: string, start: number, end: number): number {
  if (end - start > 1 && text.charCodeAt(start) === 48) return -1;
  return scanDigits(text, start, end, 9);
}

/** {@link scanCanonicalId} over a whole string (for keys interned through the string path). */
export function canonicalIdOf(key: string): number {
  return scanCanonicalId(key, 0, key.length);
}

/**
 * Seconds since the epoch of a `YYYY-MM-DD` day at `text[start, end)` (UTC midnight),
 * or -1 when the text is not exactly that shape, the year is below 1000, or the day does
 * not exist.
 */
export function scanIsoDay(text: string, start: number, end: number): number {
  if (end - start !== 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45) return -1;
  const year = scanDigits(text, start, start + 4, 4);
  const month = scanDigits(text, start + 5, start + 7, 2);
  const day = scanDigits(text, start + 8, start + 10, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return -1;
  return daysFromCivil(year, month, day) * 86_400;
}

/** Number of days in `month` (1-12) of the proleptic Gregorian `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
