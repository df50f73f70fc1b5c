import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DatasetError,
  parseTimestamp,
  readAmazonCsv,
  readAmazonJson,
  readDelimited,
  readLines,
  readMovieLens,
  readYelp,
  type RawInteractions,
} from '../src/index.js';
import { DATA_DIR, tempFile } from './helpers.js';

function distinctCounts(raw: RawInteractions) {
  return { rows: raw.length, users: new Set(raw.users).size, items: new Set(raw.items).size };
}

describe('readers on every interaction file in ../shared/data', () => {
  it('reads ML-100K u.data: 100,000 rows, 943 users, 1,682 items (u.info)', async () => {
    const raw = await readMovieLens({ path: join(DATA_DIR, 'ml-100k', 'u.data') });
    expect(distinctCounts(raw)).toEqual({ rows: 100_000, users: 943, items: 1682 });
    expect(raw.numUsers).toBe(943);
    const first = readFileSync(join(DATA_DIR, 'ml-100k', 'u.data'), 'utf8').split('\n')[0].split('\t');
    expect([raw.userKey(raw.users[0]), raw.itemKey(raw.items[0]), raw.timestamps[0]]).toEqual([first[0], first[1], Number(first[3])]);
    // SOURCE.md: first and last timestamps 1997-09-20 03:05:10 and 1998-04-22 23:10:38 UTC.
    expect(Math.min(...raw.timestamps)).toBe(Date.UTC(1997, 8, 20, 3, 5, 10) / 1000);
    expect(Math.max(...raw.timestamps)).toBe(Date.UTC(1998, 3, 22, 23, 10, 38) / 1000);
  });

  it('reads the Amazon 2018 Magazine Subscriptions ratings CSV (SOURCE.md counts)', async () => {
    const raw = await readAmazonCsv({ path: join(DATA_DIR, 'amazon2018-magazine-subscriptions', 'Magazine_Subscriptions.csv') });
    expect(distinctCounts(raw)).toEqual({ rows: 89_689, users: 72_098, items: 2_428 });
    expect(Math.min(...raw.timestamps)).toBe(Date.UTC(2001, 9, 26) / 1000);
  });

  it('reads CiaoDVD movie-ratings.txt with day dates and no final newline', async () => {
    const raw = await readDelimited({
      path: join(DATA_DIR, 'ciaodvd-guo', 'movie-ratings.txt'),
      delimiter: ',',
      fieldCount: 6,
      numericIds: true,
      columns: { user: 0, item: 1, timestamp: 5 },
      timestampFormat: 'date',
    });
    expect(distinctCounts(raw)).toEqual({ rows: 72_665, users: 17_615, items: 16_121 });
    expect(Math.max(...raw.timestamps)).toBe(Date.UTC(2013, 10, 28) / 1000);
  });

  it('reads Last.fm user_taggedartists.dat by header names and date columns, skipping the 5 implausible years', async () => {
    const raw = await readDelimited({
      path: join(DATA_DIR, 'lastfm-hetrec2011-2k', 'user_taggedartists.dat'),
      delimiter: '\t',
      header: true,
      numericIds: true,
      columns: { user: 'userID', item: 'artistID', year: 'year', month: 'month', day: 'day' },
      timeRange: { min: Date.UTC(2005, 0, 1) / 1000, max: Date.UTC(2012, 0, 1) / 1000 },
      onBadRow: 'skip',
    });
    expect(raw.length).toBe(186_479 - 5);
    expect(raw.badRows.count).toBe(5);
    expect(raw.badRows.examples[0]).toMatch(/user_taggedartists\.dat:\d+: timestamp .* outside the accepted range/);
    expect(new Set(raw.users).size).toBe(1892);
  });

  it('reads Last.fm user_artists.dat (no timestamps: file order) as a delimited file', async () => {
    const raw = await readDelimited({ path: join(DATA_DIR, 'lastfm-hetrec2011-2k', 'user_artists.dat'), delimiter: '\t', header: true, columns: { user: 'userID', item: 'artistID' } });
    expect(raw.length).toBe(92_834);
    expect(Array.from(raw.timestamps.subarray(0, 3))).toEqual([0, 1, 2]);
  });

  it('reads CiaoDVD trusts.txt as a (trustor, trustee) delimited file', async () => {
    const raw = await readDelimited({ path: join(DATA_DIR, 'ciaodvd-guo', 'trusts.txt'), delimiter: ',', fieldCount: 3, columns: { user: 0, item: 1 } });
    expect(raw.length).toBe(40_133);
  });
});

describe('MovieLens layouts, JSON lines and gzip', () => {
  it('detects ratings.dat (::) and ratings.csv (header) layouts, plain and gzip', async () => {
    const dat = tempFile('ratings.dat', '1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n', true);
    const rawDat = await readMovieLens({ path: dat });
    expect(distinctCounts(rawDat)).toEqual({ rows: 3, users: 2, items: 2 });
    expect(rawDat.timestamps[2]).toBe(978298413);
    const csv = tempFile('ratings.csv', 'userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,3,4.0,964981247\r\n');
    const rawCsv = await readMovieLens({ path: csv });
    expect(distinctCounts(rawCsv)).toEqual({ rows: 2, users: 1, items: 2 });
    expect(rawCsv.itemKey(rawCsv.items[1])).toBe('3');
  });

  it('reads Amazon JSON-lines reviews (gzip) and Yelp reviews', async () => {
    const amazon = tempFile(
      'reviews.json.gz',
      [
        { reviewerID: 'A1', asin: 'B01', overall: 5, unixReviewTime: 1400000000, reviewText: 'a, "quoted" text' },
        { reviewerID: 'A2', asin: 'B01', overall: 4, unixReviewTime: 1300000000 },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
      true,
    );
    const rawAmazon = await readAmazonJson({ path: amazon });
    expect(distinctCounts(rawAmazon)).toEqual({ rows: 2, users: 2, items: 1 });
    expect(Array.from(rawAmazon.timestamps)).toEqual([1400000000, 1300000000]);
    const yelp = tempFile('review.json', `${JSON.stringify({ review_id: 'r', user_id: 'u1', business_id: 'b1', stars: 5, date: '2016-03-09 00:00:00', text: 'x\\ny' })}\n`);
    const rawYelp = await readYelp({ path: yelp });
    expect(rawYelp.length).toBe(1);
    expect(rawYelp.timestamps[0]).toBe(Date.UTC(2016, 2, 9) / 1000);
  });

  it('reads quoted CSV through csv-parse when asked', async () => {
    const path = tempFile('quoted.csv', 'user,item,when\n"a,1",x,2020-01-01T10:00:00Z\nb,"y ""z""",2020-01-02T00:00:00+01:00\n');
    const raw = await readDelimited({ path, delimiter: ',', header: true, quoted: true, columns: { user: 'user', item: 'item', timestamp: 'when' }, timestampFormat: 'iso' });
    expect(raw.userKey(0)).toBe('a,1');
    expect(raw.itemKey(1)).toBe('y "z"');
    expect(Array.from(raw.timestamps)).toEqual([Date.UTC(2020, 0, 1, 10) / 1000, Date.UTC(2020, 0, 1, 23) / 1000]);
  });

  it('streams lines with CRLF, a final line without newline, and early stop', async () => {
    const path = tempFile('lines.txt', 'a\r\nb\n\nc');
    const seen: [string, number][] = [];
    await readLines(path, (line, n) => void seen.push([line, n]));
    expect(seen).toEqual([['a', 1], ['b', 2], ['', 3], ['c', 4]]);
    const firstOnly: string[] = [];
    await readLines(path, (line) => {
      firstOnly.push(line);
      return false;
    });
    expect(firstOnly).toEqual(['a']);
  });

  it('parses timestamps in every format', () => {
    expect(parseTimestamp('874965758', 'seconds')).toBe(874965758);
    expect(parseTimestamp('874965758500', 'milliseconds')).toBe(874965758.5);
    expect(parseTimestamp('2013-11-28', 'date')).toBe(Date.UTC(2013, 10, 28) / 1000);
    expect(parseTimestamp('2013-02-30', 'date')).toBeUndefined();
    expect(parseTimestamp('2016-03-09T01:02:03.5Z', 'iso')).toBe(Date.UTC(2016, 2, 9, 1, 2, 3, 500) / 1000);
    expect(parseTimestamp('abc', 'seconds')).toBeUndefined();
  });
});

describe('bad input names file, line and problem', () => {
  const reject = async (promise: Promise<unknown>, pattern: RegExp, line?: number) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toMatch(pattern);
    if (line !== undefined) expect((error as DatasetError).line).toBe(line);
  };

  it('missing file', async () => {
    await reject(readMovieLens({ path: '/nonexistent/u.data' }), /\/nonexistent\/u\.data: file not found/);
  });

  it('unreadable gzip', async () => {
    const path = tempFile('broken.gz', 'x');
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    await reject(readAmazonCsv({ path }), /broken\.gz: cannot decompress gzip data/);
  });

  it('wrong column count, non-numeric ids, bad and out-of-range timestamps', async () => {
    await reject(readMovieLens({ path: tempFile('u.data', '1\t2\t3\t4\n1\t2\t3\n') }), /u\.data:2: expected 4 fields separated by "\\t", found 3/, 2);
    await reject(readMovieLens({ path: tempFile('u.data', '1\t2\t3\t4\nx7\t2\t3\t4\n') }), /u\.data:2: non-numeric user id "x7"/, 2);
    await reject(readMovieLens({ path: tempFile('u.data', '1\t2\t3\tsoon\n') }), /u\.data:1: invalid timestamp "soon"/, 1);
    await reject(readMovieLens({ path: tempFile('u.data', '1\t2\t3\t-5\n') }), /u\.data:1: timestamp -5 .* outside the accepted range/, 1);
    await reject(readYelp({ path: tempFile('y.json', '{"user_id":"a","business_id":"b","date":"2016-03-09 00:00:00"}\n{"user_id":"a",\n') }), /y\.json:2: invalid JSON/, 2);
    await reject(readDelimited({ path: tempFile('h.tsv', 'a\tb\n1\t2\n'), delimiter: '\t', header: true, columns: { user: 'user', item: 'b' } }), /header has no column "user"/);
  });

  it('counts skipped rows as warnings instead of dropping them silently', async () => {
    const raw = await readMovieLens({ path: tempFile('u.data', '1\t2\t3\t4\nbad line\n1\t3\t3\t5\n1\t4\t3\n'), onBadRow: 'skip' });
    expect(raw.length).toBe(2);
    expect(raw.badRows.count).toBe(2);
    expect(raw.badRows.examples).toHaveLength(2);
    expect(raw.badRows.examples[0]).toMatch(/u\.data:2: /);
  });
});
