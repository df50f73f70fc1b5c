import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAmazonCsv, readDelimited, readMovieLens, type RawInteractions } from '../src/index.js';
import { DATA_DIR } from './helpers.js';

// Real-data tests: run by `pnpm test:data` only (see docs/contributing.md).

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

