import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamp, readDelimited, readJsonLines, type DelimitedReaderOptions, type RawInteractions, type TimestampFormat } from '../src/index.js';
import { tempFile } from './helpers.js';

// readDelimited parses well-formed rows on a fast path and hands every other row to the
// general path. With `quoted: true` every row takes the general path (through csv-parse),
// so on quote-free input the two must agree row for row: same entities, keys, timestamps,
// and the same bad-row messages.

// Mostly well-formed tokens (so rows reach the fast path), with odd ones mixed in.
const idToken = fc.oneof(
  { arbitrary: fc.constantFrom('1', '7', '42', '0', '999999999', 'A1ZGRQ7V4GKF2X3'), weight: 3 },
  { arbitrary: fc.constantFrom('007', ' 7', '7 ', 'x9', '', '1234567890', 'B00XYZ', '-3', '\u00a07'), weight: 1 },
);
const timeToken = fc.oneof(
  { arbitrary: fc.constantFrom('874965758', '0', '2013-11-28', '2000-02-29'), weight: 3 },
  { arbitrary: fc.constantFrom('-5', 'abc', '1e9', ' 12', '874965758.5', '99999999999999999', '2013-02-30', '0999-01-01', '0050-01-01', '2016-03-09 10:00:00', ''), weight: 1 },
);

function view(raw: RawInteractions) {
  return {
    rows: Array.from(raw.users, (user, row) => [raw.userKey(user), raw.itemKey(raw.items[row]), raw.timestamps[row]]),
    numUsers: raw.numUsers,
    numItems: raw.numItems,
    badRows: raw.badRows,
  };
}

describe('readDelimited fast path agrees with the general path', () => {
  it('on random rows with odd ids, timestamps and field counts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(idToken, idToken, timeToken, fc.integer({ min: 0, max: 5 }).map((n) => n === 0)), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\t', '::', ','),
        fc.constantFrom<TimestampFormat>('seconds', 'milliseconds', 'date', 'iso'),
        fc.boolean(),
        async (rows, delimiter, timestampFormat, numericIds) => {
          const text = rows.map(([u, i, t, extra]) => [u, i, '5', t, ...(extra ? ['x'] : [])].join(delimiter)).join('\n');
          const path = tempFile('rows.txt', `${text}\n`);
          const options: DelimitedReaderOptions = { path, delimiter, fieldCount: 4, numericIds, timestampFormat, onBadRow: 'skip', columns: { user: 0, item: 1, timestamp: 3 } };
          const fast = view(await readDelimited(options));
          const general = view(await readDelimited({ ...options, quoted: true }));
          expect(fast).toEqual(general);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('on year / month / day columns and on files without timestamps', async () => {
    const text = 'u\ti\tyear\tmonth\tday\n1\t2\t2008\t02\t29\n1\t3\t2007\t02\t29\n2\t2\t0099\t1\t1\n01\t2\t2010\t12\t1\n3\t4\t 2010\t1\t1\n';
    const path = tempFile('dates.tsv', text);
    const options: DelimitedReaderOptions = { path, delimiter: '\t', header: true, onBadRow: 'skip', timeRange: { min: -1e11, max: 1e11 }, columns: { user: 'u', item: 'i', year: 'year', month: 'month', day: 'day' } };
    const fast = view(await readDelimited(options));
    expect(fast).toEqual(view(await readDelimited({ ...options, quoted: true })));
    expect(fast.rows[0]).toEqual(['1', '2', Date.UTC(2008, 1, 29) / 1000]);
    expect(fast.badRows.count).toBe(1); // 2007-02-29 does not exist
    const noTime = { ...options, columns: { user: 0, item: 1 } };
    expect(view(await readDelimited(noTime))).toEqual(view(await readDelimited({ ...noTime, quoted: true })));
  });
});

describe('parseTimestamp fast paths agree with the calendar', () => {
  it('reads plain ISO days and date-times like Date.UTC, and leaves other shapes to the full parser', () => {
    const cases: [string, TimestampFormat, number | undefined][] = [
      ['2016-03-09 10:11:12', 'iso', Date.UTC(2016, 2, 9, 10, 11, 12) / 1000],
      ['2016-03-09T23:59:60', 'iso', Date.UTC(2016, 2, 9, 23, 59, 60) / 1000],
      ['2000-02-29', 'iso', Date.UTC(2000, 1, 29) / 1000],
      ['1900-02-29', 'date', undefined],
      ['2016-03-09 24:00:00', 'iso', undefined],
      ['2016-03-09 10:60:00', 'iso', undefined],
      ['2016-13-09', 'date', undefined],
      ['2016-03-09T10:11:12+02:00', 'iso', Date.UTC(2016, 2, 9, 8, 11, 12) / 1000],
      ['2016-03-09 10:11', 'iso', Date.UTC(2016, 2, 9, 10, 11) / 1000],
      [' 2016-03-09 ', 'date', Date.UTC(2016, 2, 9) / 1000],
      ['0999-12-31', 'date', Date.UTC(999, 11, 31) / 1000],
    ];
    for (const [text, format, expected] of cases) expect([text, parseTimestamp(text, format)]).toEqual([text, expected]);
  });
});

describe('interned keys', () => {
  it('keep long ids exact and shared, including ids that are not valid UTF-16 (JSON escapes)', async () => {
    const lone = 'user-\ud800-with-a-long-name';
    const rows = [
      { u: lone, i: 'B000000000001X', t: 1 },
      { u: 'A1ZGRQ7V4GKF2X3', i: 'B000000000001X', t: 2 },
      { u: lone, i: 'B000000000002X', t: 3 },
    ];
    const path = tempFile('lone.json', rows.map((r) => JSON.stringify(r)).join('\n'));
    const raw = await readJsonLines({ path, userField: 'u', itemField: 'i', timestampField: 't', timestampFormat: 'seconds' });
    expect([raw.numUsers, raw.numItems]).toEqual([2, 2]);
    expect(Array.from(raw.users)).toEqual([0, 1, 0]);
    expect(raw.userKey(0)).toBe(lone);
    expect(raw.userKey(1)).toBe('A1ZGRQ7V4GKF2X3');
  });
});
