import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, datasetPreset, DOWNLOADABLE_DATASET_CATALOG, downloadDataset, loadStream, readMovieLens } from '../src/index.js';
import { DATA_DIR } from './helpers.js';

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');
const ML_100K_FILES = ['u.data', 'u.item', 'u.user', 'u.info', 'README'];

/** A zip laid out like GroupLens' ml-100k.zip, built from the shared copy (optionally with u.data altered). */
function ml100kZip(alterRatings?: (text: string) => string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const file of ML_100K_FILES) {
    let bytes: Uint8Array = readFileSync(join(DATA_DIR, 'ml-100k', file));
    if (file === 'u.data' && alterRatings) bytes = Buffer.from(alterRatings(Buffer.from(bytes).toString('utf8')));
    files[`ml-100k/${file}`] = bytes;
  }
  return zipSync(files, { level: 1 });
}

const ratingsDat = '1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n3::661::4::978298000\n';

/** Serves archives by path from memory and counts requests; anything else is a 404, `/broken/*` a 500. */
class ArchiveServer {
  readonly routes = new Map<string, Uint8Array>();
  requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '/';
      this.requests.push(path);
      const body = this.routes.get(path);
      if (path.startsWith('/broken/')) {
        response.writeHead(500, 'Internal Server Error').end('boom');
      } else if (body === undefined) {
        response.writeHead(404, 'Not Found').end('no such file');
      } else {
        response.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(Buffer.from(body));
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

const server = new ArchiveServer();
let origin = '';
const goodZip = ml100kZip();
const tamperedZip = ml100kZip((text) => text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
const ml1mZip = zipSync({ 'ml-1m/ratings.dat': Buffer.from(ratingsDat), 'ml-1m/README': Buffer.from('test copy\n') });

beforeAll(async () => {
  origin = await server.start();
  server.routes.set('/movielens/ml-100k.zip', goodZip);
  server.routes.set('/tampered/ml-100k.zip', tamperedZip);
  server.routes.set('/movielens/ml-1m.zip', ml1mZip);
  server.routes.set('/notzip/ml-1m.zip', Buffer.from('this is not a zip archive'));
});
afterAll(() => server.stop());

const freshCache = () => mkdtempSync(join(tmpdir(), 'scall-download-'));
/** Entries of the cache folder: only finished dataset folders, never temporary ones. */
const cacheEntries = (cacheDir: string) => readdirSync(cacheDir).sort();

async function rejection(promise: Promise<unknown>): Promise<DatasetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

describe('downloadDataset (against a local HTTP server)', () => {
  it('downloads ml-100k, verifies the pinned u.data checksum, and the folder loads through loadStream', async () => {
    const cacheDir = freshCache();
    const before = server.requests.length;
    const ml = await downloadDataset('ml-100k', { cacheDir, baseUrl: `${origin}/movielens` });
    expect(server.requests.slice(before)).toEqual(['/movielens/ml-100k.zip']);
    expect(ml.fromCache).toBe(false);
    expect(ml.dir).toBe(join(cacheDir, 'ml-100k'));
    expect(ml.url).toBe(`${origin}/movielens/ml-100k.zip`);
    expect(ml.archiveSha256).toBe(sha256(goodZip));
    expect(ml.files['u.data']).toBe(sha256(readFileSync(join(DATA_DIR, 'ml-100k', 'u.data'))));
    expect(Object.keys(ml.files).sort()).toEqual([...ML_100K_FILES].sort());
    expect(readFileSync(ml.ratingsPath).equals(readFileSync(join(DATA_DIR, 'ml-100k', 'u.data')))).toBe(true);
    expect(cacheEntries(cacheDir)).toEqual(['ml-100k']);

    const raw = await readMovieLens({ path: ml.ratingsPath, layout: ml.layout });
    expect([raw.length, new Set(raw.users).size, new Set(raw.items).size]).toEqual([100_000, 943, 1682]);
    const fromDir = await loadStream({ ...datasetPreset('ml-100k', ml.dir), seed: 3 });
    const fromCacheRoot = await loadStream({ ...datasetPreset('ml-100k', cacheDir), seed: 3 });
    const fromShared = await loadStream({ ...datasetPreset('ml-100k', DATA_DIR), seed: 3 });
    expect(fromDir.boundaries).toEqual(fromShared.boundaries);
    expect(fromCacheRoot.numSegments).toBe(fromShared.numSegments);
    expect(fromDir.numSegments).toBeGreaterThan(1);
  });

  it('re-verifies a cache hit without downloading, and replaces a corrupted cached file', async () => {
    const cacheDir = freshCache();
    const options = { cacheDir, baseUrl: `${origin}/movielens/` };
    await downloadDataset('ml-100k', options);
    const before = server.requests.length;
    const hit = await downloadDataset('ml-100k', options);
    expect(hit.fromCache).toBe(true);
    expect(server.requests.length).toBe(before);

    appendFileSync(join(cacheDir, 'ml-100k', 'u.item'), 'x');
    const repaired = await downloadDataset('ml-100k', options);
    expect(repaired.fromCache).toBe(false);
    expect(server.requests.length).toBe(before + 1);
    expect(readFileSync(join(cacheDir, 'ml-100k', 'u.item')).equals(readFileSync(join(DATA_DIR, 'ml-100k', 'u.item')))).toBe(true);
    expect(cacheEntries(cacheDir)).toEqual(['ml-100k']);

    const forced = await downloadDataset('ml-100k', { ...options, force: true });
    expect(forced.fromCache).toBe(false);
    expect(server.requests.length).toBe(before + 2);
  });

  it('checks the archive checksum given by the caller and names expected vs actual on a mismatch', async () => {
    const cacheDir = freshCache();
    const baseUrl = `${origin}/movielens`;
    const ok = await downloadDataset('ml-100k', { cacheDir, baseUrl, sha256: sha256(goodZip).toUpperCase() });
    expect(ok.archiveSha256).toBe(sha256(goodZip));

    const other = freshCache();
    const wrong = 'ab'.repeat(32);
    const error = await rejection(downloadDataset('ml-100k', { cacheDir: other, baseUrl, sha256: wrong }));
    expect(error.message).toContain(`expected ${wrong}`);
    expect(error.message).toContain(`got ${sha256(goodZip)}`);
    expect(error.file).toBe(`${baseUrl}/ml-100k.zip`);
    expect(cacheEntries(other)).toEqual([]);

    // A cached copy made from another archive is not accepted for a different requested checksum.
    const before = server.requests.length;
    await rejection(downloadDataset('ml-100k', { cacheDir, baseUrl, sha256: wrong }));
    expect(server.requests.length).toBe(before + 1);
    expect(existsSync(join(cacheDir, 'ml-100k', 'u.data'))).toBe(true);
  });

  it('rejects an archive whose u.data differs from the pinned checksum', async () => {
    const cacheDir = freshCache();
    const error = await rejection(downloadDataset('ml-100k', { cacheDir, baseUrl: `${origin}/tampered` }));
    const pinned = DOWNLOADABLE_DATASET_CATALOG['ml-100k'].pinnedSha256['u.data'];
    const original = readFileSync(join(DATA_DIR, 'ml-100k', 'u.data'), 'utf8');
    const actual = sha256(original.slice(0, original.lastIndexOf('\n', original.length - 2) + 1));
    expect(actual).not.toBe(pinned);
    expect(error.message).toContain(`SHA-256 mismatch for u.data: expected ${pinned} (pinned), got ${actual}`);
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

  it('takes the base URL and cache folder from SCALL_DATASETS_BASE_URL / SCALL_DATASETS_CACHE', async () => {
    const cacheDir = freshCache();
    const saved = { base: process.env.SCALL_DATASETS_BASE_URL, cache: process.env.SCALL_DATASETS_CACHE };
    process.env.SCALL_DATASETS_BASE_URL = `${origin}/movielens`;
    process.env.SCALL_DATASETS_CACHE = cacheDir;
    try {
      const ml = await downloadDataset('ml-100k');
      expect(ml.dir).toBe(join(cacheDir, 'ml-100k'));
      expect(ml.url).toBe(`${origin}/movielens/ml-100k.zip`);
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

  it('rejects bad names and options before any request', async () => {
    const before = server.requests.length;
    expect((await rejection(downloadDataset('ml-25m' as never))).message).toMatch(/unknown downloadable dataset "ml-25m" \(known: ml-100k, ml-1m, ml-latest-small\)/);
    expect((await rejection(downloadDataset('ml-100k', { sha256: 'abc' }))).message).toMatch(/option "sha256" must be 64 hexadecimal digits/);
    expect((await rejection(downloadDataset('ml-100k', { baseUrl: 'ftp://example.org/' }))).message).toMatch(/must be an http\(s\) URL/);
    expect((await rejection(downloadDataset('ml-100k', { timeoutMs: 0 }))).message).toMatch(/option "timeoutMs"/);
    expect(server.requests.length).toBe(before);
  });
});
