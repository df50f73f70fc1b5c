import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatasetError, detectDelimitedFormat, readDelimited } from '../src/index.js';
import { FIXTURES_DIR, tempFile } from './helpers.js';

describe('detectDelimitedFormat', () => {
  it('detects the layouts of the fixture files (the real files\' layouts)', async () => {
    expect(await detectDelimitedFormat(join(FIXTURES_DIR, 'ml-1m', 'ratings.dat.gz'))).toEqual({ delimiter: '::', header: false, columns: { user: 0, item: 1, timestamp: 3 }, timestampFormat: 'seconds' });
    expect(await detectDelimitedFormat(join(FIXTURES_DIR, 'ml-latest-small', 'ratings.csv'))).toEqual({ delimiter: ',', header: true, columns: { user: 'userId', item: 'movieId', timestamp: 'timestamp' }, timestampFormat: 'seconds' });
    expect(await detectDelimitedFormat(join(FIXTURES_DIR, 'ml-100k', 'u.data'))).toEqual({ delimiter: '\t', header: false, columns: { user: 0, item: 1, timestamp: 3 }, timestampFormat: 'seconds' });
    expect(await detectDelimitedFormat(join(FIXTURES_DIR, 'ciaodvd-guo', 'movie-ratings.txt'))).toEqual({ delimiter: ',', header: false, columns: { user: 0, item: 1, timestamp: 5 }, timestampFormat: 'date' });
    // Last.fm's artists file has no time column: file order is time order.
    expect(await detectDelimitedFormat(join(FIXTURES_DIR, 'lastfm-hetrec2011-2k', 'user_artists.dat'))).toEqual({ delimiter: '\t', header: true, columns: { user: 'userID', item: 'artistID' }, timestampFormat: undefined });
  });

  it('reads what it detected: the same rows as explicit options', async () => {
    const path = join(FIXTURES_DIR, 'ml-latest-small', 'ratings.csv');
    const detected = await readDelimited({ path, ...(await detectDelimitedFormat(path)), timestampFormat: 'seconds' });
    const explicit = await readDelimited({ path, delimiter: ',', header: true, columns: { user: 'userId', item: 'movieId', timestamp: 'timestamp' } });
    expect(detected.length).toBe(explicit.length);
    expect(Array.from(detected.timestamps)).toEqual(Array.from(explicit.timestamps));
  });

  it('detects milliseconds, ISO date-times, semicolons and headerless files, and takes roles by position or header name', async () => {
    const ms = tempFile('events.tsv', 'a\tx\t1600000000123\nb\ty\t1600000001456\n');
    expect(await detectDelimitedFormat(ms)).toMatchObject({ delimiter: '\t', header: false, timestampFormat: 'milliseconds' });
    const iso = tempFile('log.csv', 'when;who;what\n2020-01-02T03:04:05Z;u1;i1\n2020-01-03 00:00:00;u2;i2\n');
    expect(await detectDelimitedFormat(iso, { columns: 'timestamp,user,item' })).toEqual({ delimiter: ';', header: true, columns: { timestamp: 0, user: 1, item: 2 }, timestampFormat: 'iso' });
    expect(await detectDelimitedFormat(iso, { columns: 'user=who,item=what,timestamp=when' })).toMatchObject({ columns: { user: 'who', item: 'what', timestamp: 'when' }, timestampFormat: 'iso' });
    const roles = tempFile('r.csv', '1,10,4.5,1500000000\n2,11,3.0,1500000100\n');
    expect(await detectDelimitedFormat(roles, { columns: 'user,item,rating,timestamp' })).toEqual({ delimiter: ',', header: false, columns: { user: 0, item: 1, timestamp: 3 }, timestampFormat: 'seconds' });
    // A hint wins over detection.
    expect(await detectDelimitedFormat(roles, { delimiter: ',', header: false, timestampFormat: 'milliseconds' })).toMatchObject({ timestampFormat: 'milliseconds' });
  });

  it('leaves a stray bad timestamp to the reader, which names its line', async () => {
    const path = tempFile('bad.csv', 'user,item,timestamp\nu1,i1,1600000000\nu2,i2,yesterday\n');
    const format = await detectDelimitedFormat(path);
    expect(format.timestampFormat).toBe('seconds');
    await expect(readDelimited({ path, ...format, timestampFormat: 'seconds' })).rejects.toThrow(/bad\.csv:3: invalid timestamp "yesterday"/);
  });

  it('says what it cannot tell and which option settles it', async () => {
    const reject = async (promise: Promise<unknown>, pattern: RegExp) => {
      const error = await promise.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as Error).message).toMatch(pattern);
    };
    await reject(detectDelimitedFormat(tempFile('one.txt', 'abc\ndef\n')), /one\.txt:1: cannot tell the field delimiter .*--delimiter/);
    await reject(detectDelimitedFormat(tempFile('h.csv', 'a,b,c\n1,2,3\n')), /cannot tell the user and item columns from the header \(a, b, c\); give them with --columns/);
    await reject(detectDelimitedFormat(tempFile('r.csv', '1,2\n'), { columns: 'user,rating' }), /must name a "user" and an "item" column/);
    await reject(
      detectDelimitedFormat(tempFile('r.csv', 'userId,movieId,rating,timestamp\n1,2,4.5,1500000000\n'), { columns: 'user,item,timestamp' }),
      /columns "user,item,timestamp" names 3 columns by position but the file has 4 \(userId, movieId, rating, timestamp\): name every column in order, e\.g\. user,item,-,timestamp/,
    );
    await reject(detectDelimitedFormat(tempFile('r.csv', '1,2,3\n'), { columns: 'user,item,stars=3' }), /unknown role "stars"/);
    await reject(detectDelimitedFormat(tempFile('t.csv', 'u,i,t\nx,y,soon\nz,w,later\n'), { columns: 'user,item,timestamp', header: true }), /cannot tell the timestamp format of column 2 .*"soon".*--timestamp-format/);
    await reject(detectDelimitedFormat(tempFile('e.csv', '')), /e\.csv: file is empty/);
    await reject(detectDelimitedFormat('/nonexistent/r.csv'), /file not found/);
  });
});
