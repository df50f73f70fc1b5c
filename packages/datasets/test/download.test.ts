import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetPreset, DOWNLOADABLE_DATASET_CATALOG, downloadDataset, loadStream, readMovieLens } from '../src/index.js';
import { ArchiveServer, rejection } from './archive-server.js';
import { FIXTURES_DIR } from './helpers.js';

// The tests that download the real ml-100k archive (pinned checksums) are in download.data.test.ts.
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const ratingsDat = '1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n3::661::4::978298000\n';

const server = new ArchiveServer();
let origin = '';
const ml1mZip = zipSync({ 'ml-1m/ratings.dat': Buffer.from(ratingsDat), 'ml-1m/README': Buffer.from('test copy\n') });
// An ml-100k.zip laid out like GroupLens' but holding the generated fixture: u.data is not the pinned file.
const fixtureZip = zipSync({ 'ml-100k/u.data': readFileSync(join(FIXTURES_DIR, 'ml-100k', 'u.data')), 'ml-100k/README': readFileSync(join(FIXTURES_DIR, 'ml-100k', 'README')) });

beforeAll(async () => {
  origin = await server.start();
  server.routes.set('/movielens/ml-1m.zip', ml1mZip);
  server.routes.set('/fixture/ml-100k.zip', fixtureZip);
  server.routes.set('/notzip/ml-1m.zip', Buffer.from('this is not a zip archive'));
});
afterAll(() => server.stop());

const freshCache = () => mkdtempSync(join(tmpdir(), 'scall-download-'));
/** Entries of the cache folder: only finished dataset folders, never temporary ones. */
const cacheEntries = (cacheDir: string) => readdirSync(cacheDir).sort();

describe('downloadDataset (against a local HTTP server)', () => {
  it('rejects an ml-100k archive whose u.data is not the pinned file, naming both checksums', async () => {
    const cacheDir = freshCache();
    const error = await rejection(downloadDataset('ml-100k', { cacheDir, baseUrl: `${origin}/fixture` }));
    const pinned = DOWNLOADABLE_DATASET_CATALOG['ml-100k'].pinnedSha256['u.data'];
    expect(error.message).toContain(`SHA-256 mismatch for u.data: expected ${pinned} (pinned), got ${sha256(readFileSync(join(FIXTURES_DIR, 'ml-100k', 'u.data')))}`);
    expect(cacheEntries(cacheDir)).toEqual([]);
  });

  it('reports HTTP errors and unreachable servers with the URL', async () => {
    const cacheDir = freshCache();
    const missing = await rejection(downloadDataset('ml-100k', { cacheDir, baseUrl: `${origin}/nowhere` }));
    expect(missing.message).toBe(`${origin}/nowhere/ml-100k.zip: download failed: HTTP 404 Not Found`);
    const failing = await rejection(downloadDataset('ml-100k', { cacheDir, baseUrl: `${origin}/broken` }));
    expect(failing.message).toMatch(/HTTP 500/);
    const closed = new ArchiveServer();
    const closedOrigin = await closed.start();
    await closed.stop();
    const unreachable = await rejection(downloadDataset('ml-100k', { cacheDir, baseUrl: closedOrigin }));
    expect(unreachable.message).toMatch(/ml-100k\.zip: cannot download \(.*option "baseUrl"/);
    expect(cacheEntries(cacheDir)).toEqual([]);
  });

  it('requires the caller to pass a checksum for datasets without a pinned one, then downloads and reads ml-1m', async () => {
    const cacheDir = freshCache();
    const baseUrl = `${origin}/movielens`;
    const before = server.requests.length;
    const missing = await rejection(downloadDataset('ml-1m', { cacheDir, baseUrl }));
    expect(missing.message).toMatch(/dataset "ml-1m" has no checksum pinned .* pass option "sha256" with the SHA-256 of ml-1m\.zip/);
    expect(server.requests.length).toBe(before);

    const ml = await downloadDataset('ml-1m', { cacheDir, baseUrl, sha256: sha256(ml1mZip) });
    expect(ml.layout).toBe('ratings.dat');
    expect(datasetPreset('ml-1m', ml.dir).source).toMatchObject({ format: 'movielens', path: ml.ratingsPath });
    const raw = await readMovieLens({ path: ml.ratingsPath });
    expect([raw.length, raw.numUsers, raw.numItems]).toEqual([4, 3, 2]);
    const stream = await loadStream({ source: { format: 'movielens', path: ml.ratingsPath }, segmenter: { kind: 'rows', rows: 2 } });
    expect(stream.numSegments).toBe(2);

    const notZip = await rejection(downloadDataset('ml-1m', { cacheDir: freshCache(), baseUrl: `${origin}/notzip`, sha256: sha256('this is not a zip archive') }));
    expect(notZip.message).toMatch(/notzip\/ml-1m\.zip: cannot unzip the archive/);
  });

  it('rejects bad names and options before any request', async () => {
    const before = server.requests.length;
    expect((await rejection(downloadDataset('ml-25m' as never))).message).toMatch(/unknown downloadable dataset "ml-25m" \(known: ml-100k, ml-1m, ml-latest-small\)/);
    expect((await rejection(downloadDataset('ml-100k', { sha256: 'abc' }))).message).toMatch(/option "sha256" must be 64 hexadecimal digits/);
    expect((await rejection(downloadDataset('ml-100k', { baseUrl: 'ftp://example.org/' }))).message).toMatch(/must be an http\(s\) URL/);
    expect((await rejection(downloadDataset('ml-100k', { timeoutMs: 0 }))).message).toMatch(/option "timeoutMs"/);
    expect(server.requests.length).toBe(before);
  });
  it('takes the base URL and cache folder from SCALL_DATASETS_BASE_URL / SCALL_DATASETS_CACHE', async () => {
    const cacheDir = freshCache();
    const saved = { base: process.env.SCALL_DATASETS_BASE_URL, cache: process.env.SCALL_DATASETS_CACHE };
    process.env.SCALL_DATASETS_BASE_URL = `${origin}/movielens`;
    process.env.SCALL_DATASETS_CACHE = cacheDir;
    try {
      const ml = await downloadDataset('ml-1m', { sha256: sha256(ml1mZip) });
      expect(ml.dir).toBe(join(cacheDir, 'ml-1m'));
      expect(ml.url).toBe(`${origin}/movielens/ml-1m.zip`);
    } finally {
      for (const [key, value] of [
        ['SCALL_DATASETS_BASE_URL', saved.base],
        ['SCALL_DATASETS_CACHE', saved.cache],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

});
