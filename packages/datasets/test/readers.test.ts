import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
import { FIXTURES_DIR, fixtureText, tempFile } from './helpers.js';

function distinctCounts(raw: RawInteractions) {
  return { rows: raw.length, users: new Set(raw.users).size, items: new Set(raw.items).size };
}

/** Independent naive parse of a delimited fixture: rows, distinct users / items, first row, min / max time. */
function naive(text: string, split: (line: string) => string[] | undefined, time: (f: string[]) => number) {
  const rows = text.split(/\r?\n/).filter((l) => l.length > 0).map(split).filter((f): f is string[] => f !== undefined);
  const times = rows.map(time);
  return {
    counts: { rows: rows.length, users: new Set(rows.map((r) => r[0])).size, items: new Set(rows.map((r) => r[1])).size },
    first: rows[0],
    min: Math.min(...times),
    max: Math.max(...times),
  };
}
const dayOf = (text: string) => Date.parse(`${text}T00:00:00Z`) / 1000;

describe('readers on the committed fixtures (the real files\' layouts, generated rows)', () => {
  it('the fixtures are what test/fixtures/generate.mjs writes', () => {
    expect(() => execFileSync(process.execPath, [join(FIXTURES_DIR, '..', 'generate.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('reads MovieLens u.data, ratings.dat (plain and gzip) and ratings.csv (CRLF), detecting the layout', async () => {
    for (const [path, delimiter] of [['ml-100k/u.data', '\t'], ['ml-1m/ratings.dat', '::'], ['ml-1m/ratings.dat.gz', '::'], ['ml-latest-small/ratings.csv', ',']] as const) {
      const expected = naive(fixtureText(path), (l) => (l.startsWith('userId') ? undefined : l.split(delimiter)), (f) => Number(f[3]));
      const raw = await readMovieLens({ path: join(FIXTURES_DIR, path) });
      expect(distinctCounts(raw)).toEqual(expected.counts);
      expect([raw.userKey(raw.users[0]), raw.itemKey(raw.items[0]), raw.timestamps[0]]).toEqual([expected.first[0], expected.first[1], Number(expected.first[3])]);
      expect([Math.min(...raw.timestamps), Math.max(...raw.timestamps)]).toEqual([expected.min, expected.max]);
    }
  });

  it('reads the Amazon ratings CSV (item first) and the gzip JSON-lines reviews', async () => {
    const csv = naive(fixtureText('amazon2018-magazine-subscriptions/Magazine_Subscriptions.csv'), (l) => { const [item, user, , t] = l.split(','); return [user, item, t]; }, (f) => Number(f[2]));
    const raw = await readAmazonCsv({ path: join(FIXTURES_DIR, 'amazon2018-magazine-subscriptions', 'Magazine_Subscriptions.csv') });
    expect(distinctCounts(raw)).toEqual(csv.counts);
    expect(raw.userKey(raw.users[0])).toBe(csv.first[0]);
    expect(Math.min(...raw.timestamps)).toBe(csv.min);
    const records = fixtureText('amazon2018-magazine-subscriptions/Magazine_Subscriptions.json.gz').trim().split('\n').map((l) => JSON.parse(l) as { reviewerID: string; asin: string; unixReviewTime: number });
    const json = await readAmazonJson({ path: join(FIXTURES_DIR, 'amazon2018-magazine-subscriptions', 'Magazine_Subscriptions.json.gz') });
    expect(distinctCounts(json)).toEqual({ rows: records.length, users: new Set(records.map((r) => r.reviewerID)).size, items: new Set(records.map((r) => r.asin)).size });
    expect(Array.from(json.timestamps)).toEqual(records.map((r) => r.unixReviewTime));
  });

  it('reads Yelp reviews, plain and gzip, with "YYYY-MM-DD HH:MM:SS" dates as UTC', async () => {
    const records = fixtureText('yelp/review.json').trim().split('\n').map((l) => JSON.parse(l) as { user_id: string; business_id: string; date: string });
    for (const file of ['review.json', 'review.json.gz']) {
      const raw = await readYelp({ path: join(FIXTURES_DIR, 'yelp', file) });
      expect(distinctCounts(raw)).toEqual({ rows: records.length, users: new Set(records.map((r) => r.user_id)).size, items: new Set(records.map((r) => r.business_id)).size });
      expect(Array.from(raw.timestamps)).toEqual(records.map((r) => Date.parse(`${r.date.replace(' ', 'T')}Z`) / 1000));
    }
  });

  it('reads CiaoDVD movie-ratings.txt (day dates, no final newline) and trusts.txt', async () => {
    const text = fixtureText('ciaodvd-guo/movie-ratings.txt');
    expect(text.endsWith('\n')).toBe(false);
    const expected = naive(text, (l) => l.split(','), (f) => dayOf(f[5]));
    const raw = await readDelimited({ path: join(FIXTURES_DIR, 'ciaodvd-guo', 'movie-ratings.txt'), delimiter: ',', fieldCount: 6, numericIds: true, columns: { user: 0, item: 1, timestamp: 5 }, timestampFormat: 'date' });
    expect(distinctCounts(raw)).toEqual(expected.counts);
    expect([Math.min(...raw.timestamps), Math.max(...raw.timestamps)]).toEqual([expected.min, expected.max]);
    const trusts = await readDelimited({ path: join(FIXTURES_DIR, 'ciaodvd-guo', 'trusts.txt'), delimiter: ',', fieldCount: 3, columns: { user: 0, item: 1 } });
    expect(trusts.length).toBe(fixtureText('ciaodvd-guo/trusts.txt').trim().split('\n').length);
  });

  it('reads Last.fm by header names and date columns, skipping the implausible years; user_artists.dat in file order', async () => {
    const lines = fixtureText('lastfm-hetrec2011-2k/user_taggedartists.dat').trim().split('\n').slice(1).map((l) => l.split('\t'));
    const implausible = lines.filter((f) => Number(f[5]) < 2005).length;
    expect(implausible).toBeGreaterThan(0);
    const raw = await readDelimited({
      path: join(FIXTURES_DIR, 'lastfm-hetrec2011-2k', 'user_taggedartists.dat'),
      delimiter: '\t',
      header: true,
      numericIds: true,
      columns: { user: 'userID', item: 'artistID', year: 'year', month: 'month', day: 'day' },
      timeRange: { min: Date.UTC(2005, 0, 1) / 1000, max: Date.UTC(2012, 0, 1) / 1000 },
      onBadRow: 'skip',
    });
    expect(raw.length).toBe(lines.length - implausible);
    expect(raw.badRows.count).toBe(implausible);
    expect(raw.badRows.examples[0]).toMatch(/user_taggedartists\.dat:\d+: timestamp .* outside the accepted range/);
    const good = lines.find((f) => Number(f[5]) >= 2005)!;
    expect(raw.timestamps[0]).toBe(Date.UTC(Number(good[5]), Number(good[4]) - 1, Number(good[3])) / 1000);
    const artists = await readDelimited({ path: join(FIXTURES_DIR, 'lastfm-hetrec2011-2k', 'user_artists.dat'), delimiter: '\t', header: true, columns: { user: 'userID', item: 'artistID' } });
    expect(artists.length).toBe(fixtureText('lastfm-hetrec2011-2k/user_artists.dat').trim().split('\n').length - 1);
    expect(Array.from(artists.timestamps.subarray(0, 3))).toEqual([0, 1, 2]);
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
